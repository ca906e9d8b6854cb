import { KeelError } from '../errors/index.ts';
import { joinPointer } from '../source/index.ts';
import { bundleSchema, type JsonSchema } from './bundle-schema.ts';
import { DocumentSet, type Located } from './document-set.ts';

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface MediaTypes {
  /** Media type (e.g. `application/json`) to its bundled schema. */
  readonly [mediaType: string]: JsonSchema;
}

export interface ResponseSpec {
  readonly content: MediaTypes;
  readonly headers: Readonly<Record<string, { readonly required: boolean; readonly schema: JsonSchema }>>;
}

/** One operation of the contract, with every `$ref` resolved and its schemas bundled. */
export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The OpenAPI path template, e.g. `/v1/orgs/{orgId}`. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody: { readonly required: boolean; readonly content: MediaTypes } | undefined;
  /** Keyed by status code (`200`), range (`2XX`) or `default`. */
  readonly responses: Readonly<Record<string, ResponseSpec>>;
  readonly tags: readonly string[];
  /** Security requirements in effect (operation-level, else the document's). */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Where the operation is declared. */
  readonly location: { readonly file: string; readonly line: number; readonly column: number };
}

export interface Contract {
  readonly documents: DocumentSet;
  /** The root document as parsed (references not resolved). */
  readonly document: Readonly<Record<string, unknown>>;
  readonly version: string;
  readonly title: string;
  readonly operations: readonly Operation[];
}

/**
 * Loads an OpenAPI 3.1 contract (YAML or JSON, `$ref`s within and across files) into operations ready to serve.
 * Problems that make serving impossible are reported together in one KEEL_CONTRACT_INVALID error.
 */
export async function loadContract(path: string, projectRoot?: string): Promise<Contract> {
  const documents = await DocumentSet.load(path, projectRoot);
  const rootFile = documents.root.path;
  const document = documents.root.value;
  const problems: string[] = [];
  const at = (pointer: string): string => {
    const where = documents.locate({ file: rootFile, pointer });
    return `${where.file}:${where.line}:${where.column}`;
  };
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new KeelError(
      'KEEL_CONTRACT_INVALID',
      `${documents.root.displayPath}: an OpenAPI document must be a mapping`,
      {
        location: { file: documents.root.displayPath, line: 1, column: 1 },
      },
    );
  }
  const doc = document as Record<string, unknown>;
  const openapi = doc['openapi'];
  if (typeof openapi !== 'string' || !/^3\.1\.\d+$/.test(openapi)) {
    problems.push(`${at('/openapi')}: "openapi" must be a 3.1.x version (found ${JSON.stringify(openapi ?? null)})`);
  }
  const info = (doc['info'] ?? {}) as Record<string, unknown>;
  const globalSecurity = Array.isArray(doc['security']) ? (doc['security'] as Record<string, string[]>[]) : [];

  const operations: Operation[] = [];
  const seenIds = new Map<string, string>();
  const paths = (doc['paths'] ?? {}) as Record<string, unknown>;
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = joinPointer(['paths', path]);
    const item = documents.deref<Record<string, unknown>>({
      value: rawItem as Record<string, unknown>,
      file: rootFile,
      pointer: itemPointer,
    });
    const shared = asArray(item.value['parameters']).map((parameter, index) =>
      located(parameter, item.file, `${item.pointer}/parameters/${index}`),
    );
    for (const method of httpMethods) {
      const rawOperation = item.value[method];
      if (rawOperation === undefined) continue;
      const operation: Located<Record<string, unknown>> = {
        value: rawOperation as Record<string, unknown>,
        file: item.file,
        pointer: `${item.pointer}/${method}`,
      };
      const where = documents.locate(operation);
      const operationId = operation.value['operationId'];
      if (typeof operationId !== 'string' || operationId === '') {
        problems.push(
          `${where.file}:${where.line}:${where.column}: ${method.toUpperCase()} ${path} has no operationId`,
        );
        continue;
      }
      const duplicate = seenIds.get(operationId);
      if (duplicate !== undefined) {
        problems.push(
          `${where.file}:${where.line}:${where.column}: operationId "${operationId}" is also used by ${duplicate}`,
        );
        continue;
      }
      seenIds.set(operationId, `${method.toUpperCase()} ${path}`);
      const own = asArray(operation.value['parameters']).map((parameter, index) =>
        located(parameter, operation.file, `${operation.pointer}/parameters/${index}`),
      );
      operations.push({
        operationId,
        method,
        path,
        parameters: mergeParameters(documents, [...shared, ...own]),
        requestBody: readRequestBody(documents, operation),
        responses: readResponses(documents, operation),
        tags: asArray(operation.value['tags']).filter((tag): tag is string => typeof tag === 'string'),
        security: Array.isArray(operation.value['security'])
          ? (operation.value['security'] as Record<string, string[]>[])
          : globalSecurity,
        extensions: Object.fromEntries(Object.entries(operation.value).filter(([key]) => key.startsWith('x-'))),
        location: where,
      });
      for (const name of pathParameterNames(path)) {
        const declared = operations.at(-1)?.parameters.some((p) => p.in === 'path' && p.name === name);
        if (declared !== true) {
          problems.push(
            `${where.file}:${where.line}:${where.column}: path parameter {${name}} of ${path} is not declared`,
          );
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new KeelError('KEEL_CONTRACT_INVALID', `the contract cannot be served:\n  ${problems.join('\n  ')}`, {
      location: { file: documents.root.displayPath },
      extensions: { problems },
    });
  }
  return {
    documents,
    document: doc,
    version: typeof info['version'] === 'string' ? info['version'] : '0.0.0',
    title: typeof info['title'] === 'string' ? info['title'] : '',
    operations,
  };
}

export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
}

function located(value: unknown, file: string, pointer: string): Located {
  return { value, file, pointer };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Operation parameters override path-item parameters with the same name and location. */
function mergeParameters(documents: DocumentSet, raw: readonly Located[]): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const entry of raw) {
    const resolved = documents.deref(entry) as Located<Record<string, unknown>>;
    const p = resolved.value;
    const location = p['in'] as Parameter['in'];
    const name = String(p['name']);
    const schema =
      p['schema'] === undefined
        ? {}
        : bundleSchema(documents, located(p['schema'], resolved.file, `${resolved.pointer}/schema`));
    byKey.set(`${location}:${name}`, {
      name,
      in: location,
      required: location === 'path' ? true : p['required'] === true,
      schema,
    });
  }
  return [...byKey.values()];
}

function readContent(documents: DocumentSet, content: Located): MediaTypes {
  const out: Record<string, JsonSchema> = {};
  const value = (content.value ?? {}) as Record<string, Record<string, unknown>>;
  for (const [mediaType, media] of Object.entries(value)) {
    const pointer = `${content.pointer}${joinPointer([mediaType])}`;
    out[mediaType] =
      media['schema'] === undefined
        ? {}
        : bundleSchema(documents, located(media['schema'], content.file, `${pointer}/schema`));
  }
  return out;
}

function readRequestBody(
  documents: DocumentSet,
  operation: Located<Record<string, unknown>>,
): Operation['requestBody'] {
  const raw = operation.value['requestBody'];
  if (raw === undefined) return undefined;
  const body = documents.deref(located(raw, operation.file, `${operation.pointer}/requestBody`)) as Located<
    Record<string, unknown>
  >;
  return {
    required: body.value['required'] === true,
    content: readContent(documents, located(body.value['content'], body.file, `${body.pointer}/content`)),
  };
}

function readResponses(documents: DocumentSet, operation: Located<Record<string, unknown>>): Operation['responses'] {
  const out: Record<string, ResponseSpec> = {};
  const responses = (operation.value['responses'] ?? {}) as Record<string, unknown>;
  for (const [status, raw] of Object.entries(responses)) {
    const response = documents.deref(
      located(raw, operation.file, `${operation.pointer}/responses${joinPointer([status])}`),
    ) as Located<Record<string, unknown>>;
    const headers: Record<string, { required: boolean; schema: JsonSchema }> = {};
    for (const [name, rawHeader] of Object.entries((response.value['headers'] ?? {}) as Record<string, unknown>)) {
      const header = documents.deref(
        located(rawHeader, response.file, `${response.pointer}/headers${joinPointer([name])}`),
      ) as Located<Record<string, unknown>>;
      headers[name.toLowerCase()] = {
        required: header.value['required'] === true,
        schema:
          header.value['schema'] === undefined
            ? {}
            : bundleSchema(documents, located(header.value['schema'], header.file, `${header.pointer}/schema`)),
      };
    }
    out[status.toUpperCase()] = {
      content: readContent(documents, located(response.value['content'], response.file, `${response.pointer}/content`)),
      headers,
    };
  }
  return out;
}
