import type { Location } from '../journey/finding.ts';
import type { Condition } from './condition-ast.ts';

/**
 * `access.yaml` (and `access.test.yaml`) as a typed, immutable model, in the format of decision record 0006: roles,
 * tenancy, authentication schemes and, per operation, who may call it under which condition and which fields each role
 * may read and write. Every element remembers where it was written. The design review, the runtime, the generated
 * row-level security and tests all read this one model.
 */
export interface AccessModel {
  readonly file: string;
  readonly roles: readonly AccessRole[];
  readonly tenancy: Tenancy | undefined;
  readonly authentication: readonly AuthenticationScheme[];
  readonly operations: readonly OperationAccess[];
  /** `fields.neverReadable`: names added to those Keel always treats as secret. */
  readonly neverReadable: readonly Named[];
  /** `access.test.yaml`; undefined when the project has none. */
  readonly tests: PolicyTests | undefined;
  readonly at: Location;
}

/** A string as written, and where. */
export interface Named {
  readonly value: string;
  readonly at: Location;
}

/** `anonymous`: anyone, no credentials; `authenticated`: any valid credential; `tenant`: a role held in a tenant. */
export type RoleKind = 'anonymous' | 'authenticated' | 'tenant';

export interface AccessRole {
  readonly name: string;
  readonly kind: RoleKind;
  /** Roles whose permissions this one has too. */
  readonly includes: readonly Named[];
  /** Roles this one may assign to others. */
  readonly grants: readonly Named[];
  readonly at: Location;
}

export interface Tenancy {
  /** A table with this column is a tenant table: always filtered, row-level security. */
  readonly column: Named;
  /** The path parameter naming the request's tenant. */
  readonly parameter: Named;
  /** The table of the tenants themselves and its key. */
  readonly tenants: { readonly table: Named; readonly key: Named } | undefined;
  readonly at: Location;
}

export type AuthenticationScheme = JwtScheme | ApiKeyScheme;

export interface JwtScheme {
  readonly type: 'jwt';
  /** The contract's `components.securitySchemes` name. */
  readonly name: string;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  /** Undefined when not pinned (a design-review error). */
  readonly algorithms: readonly Named[] | undefined;
  readonly keys: JwtKeys;
  /** The scheme word of the Authorization header (`Token` for `Authorization: Token <jwt>`); `Bearer` when undefined. */
  readonly authorizationScheme: string | undefined;
  /** With managed keys, the life of an access token Keel issues, in seconds; Keel's default when undefined. */
  readonly accessTokenSeconds: number | undefined;
  readonly roles: RoleSource | undefined;
  readonly at: Location;
}

export type JwtKeys =
  | { readonly source: 'managed' }
  | { readonly source: 'jwks'; readonly url: string }
  | { readonly source: 'public-keys'; readonly files: readonly string[] }
  | { readonly source: 'none' };

/** Where a JWT principal's tenant and roles come from. */
export type RoleSource =
  | {
      readonly from: 'memberships';
      readonly table: string;
      readonly principal: string;
      readonly tenant: string;
      readonly role: string;
      readonly at: Location;
    }
  | { readonly from: 'claims'; readonly tenant: string; readonly roles: string; readonly at: Location };

export interface ApiKeyScheme {
  readonly type: 'api-key';
  readonly name: string;
  readonly header: string;
  readonly prefix: string | undefined;
  /** Table of the keys: `hash` (sha256, hex), the tenant column, `revoked_at`. */
  readonly table: string | undefined;
  /** The role every key of this scheme holds. */
  readonly role: Named | undefined;
  readonly at: Location;
}

export interface OperationAccess {
  readonly operationId: string;
  readonly at: Location;
  /** Deny by default: only these roles, each unconditionally or under a condition. */
  readonly allow: readonly Allowance[];
  /** Why an anonymous role may write; undefined when not given. */
  readonly publicWrite: string | undefined;
  readonly privileged: boolean;
  readonly fields: { readonly read: readonly FieldRule[]; readonly write: readonly FieldRule[] };
}

export interface Allowance {
  readonly role: string;
  readonly at: Location;
  /** Undefined when the role is allowed unconditionally (listed, or `true`). */
  readonly condition: AllowanceCondition | undefined;
}

export interface AllowanceCondition {
  readonly text: string;
  /** Undefined when the text does not parse (the loader reports `access/condition-syntax`). */
  readonly ast: Condition | undefined;
  readonly at: Location;
  /** Where a character of the text lies in the file. */
  locate(offset: number): Location;
}

/** The properties a role may read (or write) in an operation: a list of allowed names. */
export interface FieldRule {
  readonly role: string;
  readonly properties: readonly Named[];
  readonly at: Location;
}

export interface PolicyTests {
  readonly file: string;
  readonly tests: readonly PolicyTest[];
}

/** One expected decision: a principal calling an operation, on a row when the rule has a condition. */
export interface PolicyTest {
  readonly principal: {
    readonly role: Named;
    /** Whether the principal is in the request's tenant (the path's), `same` by default. */
    readonly tenant: 'same' | 'other';
    readonly id: string | undefined;
  };
  readonly operation: Named;
  /** Column values of the row the operation touches. */
  readonly row: Readonly<Record<string, unknown>> | undefined;
  /** Path parameters, when a condition names `path.`. */
  readonly path: Readonly<Record<string, string>> | undefined;
  readonly expect: 'allow' | 'deny';
  readonly at: Location;
}
