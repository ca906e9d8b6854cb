import type { Location } from '../journey/finding.ts';
import type { DocumentSet, Located } from './document-set.ts';
import type { HttpMethod } from './load-contract.ts';

/**
 * `openapi.yaml` and every file it `$ref`s, as the contract gate reads it: operations with their parameters, bodies
 * and responses resolved, each part remembering its file and pointer so that findings name file:line:column.
 */
export interface ContractModel {
  /** The root document as shown to the user (relative to the project root). */
  readonly file: string;
  readonly documents: DocumentSet;
  /** The root document as parsed (references not resolved). */
  readonly document: Readonly<Record<string, unknown>>;
  readonly info: { readonly version: string | undefined; readonly versionAt: Location; readonly at: Location };
  readonly servers: readonly LocatedText[];
  readonly operations: readonly ContractOperation[];
  /** Where in the root document a pointer is; the root's first line when the pointer names nothing. */
  at(pointer: string): Location;
}

/** A string as written, and where. */
export interface LocatedText {
  readonly value: string;
  readonly at: Location;
}

export interface ContractOperation {
  /** Empty when the operation has none (`contract/structure` reports it). */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/v1/orgs/{orgId}`. */
  readonly path: string;
  /** `GET /v1/orgs/{orgId}`, as messages name it. */
  readonly name: string;
  readonly at: Location;
  /** The operation object, where it was written. */
  readonly source: Located<Readonly<Record<string, unknown>>>;
  readonly tags: readonly LocatedText[];
  /** The requirement ids `x-requirements` cites. */
  readonly requirements: readonly LocatedText[];
  /** Path-item and operation parameters, merged (the operation's win), `$ref`s followed. */
  readonly parameters: readonly ContractParameter[];
  readonly requestBody: ContractRequestBody | undefined;
  readonly responses: readonly ContractResponse[];
  /** The security requirements in effect: the operation's, else the document's. */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly deprecated: boolean;
}

export interface ContractParameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  /** The `schema`, unresolved (it may be a `$ref`). */
  readonly schema: Located | undefined;
  readonly examples: readonly ContractExample[];
  /** The parameter object, after `$ref`s. */
  readonly source: Located<Readonly<Record<string, unknown>>>;
  readonly at: Location;
}

export interface ContractRequestBody {
  readonly required: boolean;
  readonly content: readonly ContractMediaType[];
  readonly at: Location;
}

export interface ContractResponse {
  /** As written: `200`, `4XX`, `default`. */
  readonly status: string;
  readonly content: readonly ContractMediaType[];
  /** Header names, lower-cased. */
  readonly headers: readonly string[];
  readonly at: Location;
}

export interface ContractMediaType {
  readonly mediaType: string;
  readonly schema: Located | undefined;
  readonly examples: readonly ContractExample[];
  readonly at: Location;
}

/** An `example`, or one entry of `examples` (then named). */
export interface ContractExample {
  readonly name: string | undefined;
  readonly value: unknown;
  readonly at: Location;
}
