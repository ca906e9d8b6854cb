import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { AccessModel, AuthenticationScheme, OperationAccess } from '../access/index.ts';
import { includedRoles, sensitiveFieldNames } from '../access/index.ts';
import { applicationRoleName, createApplicationRoleSql } from '../access/row-level-security.ts';
import type { AuthenticationSchemes, Authenticator, Credential, JwtAlgorithm, SchemeSettings } from '../auth/index.ts';
import type { Operation } from '../contract/index.ts';
import type { TransactionSettings } from '../database/index.ts';
import { KeelError } from '../errors/index.ts';

/**
 * Who is calling: `id` is the JWT's `sub` or the API key's row id; `tenant` the tenant the roles were found in (the
 * path's, for memberships); `roles` every role held, with the roles they include. An anonymous caller has no id.
 */
export interface Principal {
  readonly id: string | undefined;
  readonly tenant: string | undefined;
  readonly roles: readonly string[];
  /** The security scheme that authenticated the caller; undefined when anonymous. */
  readonly scheme: string | undefined;
  readonly credential: Credential | undefined;
}

/** The role Keel's request transactions run as: no login, no superuser, no BYPASSRLS, owning nothing. */
export const applicationRole = applicationRoleName;

interface RequestAccess {
  principal: Principal;
  /** Fields a response may carry for this principal, or undefined when every declared field may be read. */
  readable: ReadonlySet<string> | undefined;
}

const accessOf = new WeakMap<FastifyRequest, RequestAccess>();

export interface AccessControl {
  /** Hooks for an operation's route: authentication in `onRequest`, roles and permissions in `preHandler`. */
  hooks(operation: Operation): {
    readonly onRequest: (request: FastifyRequest) => Promise<void>;
    readonly preHandler: (request: FastifyRequest) => Promise<void>;
  };
  /** The request's principal, once `onRequest` ran. */
  principalOf(request: FastifyRequest): Principal | undefined;
  /**
   * What the request's transaction sets before the handler's queries: the role {@link applicationRole} and the tenant,
   * principal and roles in `keel.*` settings, so that row-level security applies to whatever the handler queries
   * (`Database.scopedTransaction`, or `applySettings` on a transaction already begun).
   */
  settings(request: FastifyRequest): TransactionSettings;
  /** The body without the fields this principal may not read (top level, and objects in top-level arrays). */
  filterRead(request: FastifyRequest, body: unknown): unknown;
}

export interface AccessControlOptions {
  readonly model: AccessModel;
  readonly db: Kysely<unknown>;
  readonly authenticator: Authenticator;
}

/** access.yaml's schemes as the authenticator reads them. */
export function authenticationSettings(model: AccessModel): AuthenticationSchemes {
  return Object.fromEntries(model.authentication.map((scheme) => [scheme.name, settingsOf(scheme)]));
}

function settingsOf(scheme: AuthenticationScheme): SchemeSettings {
  if (scheme.type === 'api-key') {
    return {
      type: 'api-key',
      header: scheme.header,
      prefix: scheme.prefix ?? '',
      table: scheme.table ?? 'api_keys',
      role: scheme.role?.value ?? '',
    };
  }
  const keys = scheme.keys;
  return {
    type: 'jwt',
    issuer: scheme.issuer ?? '',
    audience: scheme.audience ?? '',
    // Validated against jwtAlgorithms by the authenticator, which refuses anything else at start-up.
    algorithms: (scheme.algorithms ?? []).map((algorithm) => algorithm.value as JwtAlgorithm),
    ...(scheme.authorizationScheme === undefined ? {} : { authorizationScheme: scheme.authorizationScheme }),
    keys:
      keys.source === 'jwks'
        ? { jwks: keys.url }
        : keys.source === 'public-keys'
          ? { publicKeys: keys.files }
          : 'managed',
    ...(scheme.roles === undefined
      ? {}
      : {
          roles:
            scheme.roles.from === 'claims'
              ? { from: 'claims', tenant: scheme.roles.tenant, roles: scheme.roles.roles }
              : {
                  from: 'memberships',
                  table: scheme.roles.table,
                  principal: scheme.roles.principal,
                  tenant: scheme.roles.tenant,
                  role: scheme.roles.role,
                },
        }),
  };
}

/**
 * Enforcement of access.yaml before any handler runs (decision record 0006): 401 for missing or invalid credentials,
 * 404 for a tenant the caller is not in (its existence is not revealed), 403 for a role that may not, 403 for a field
 * the role may not write; fields it may not read never leave. Object-level conditions are the database's to enforce,
 * through row-level security on the transaction {@link AccessControl.scope} prepares.
 */
export function createAccessControl(options: AccessControlOptions): AccessControl {
  const { model, db, authenticator } = options;
  const roles = new Map(model.roles.map((role) => [role.name, role]));
  const anonymousRoles = model.roles.filter((role) => role.kind === 'anonymous').map((role) => role.name);
  const authenticatedRoles = model.roles.filter((role) => role.kind === 'authenticated').map((role) => role.name);
  const schemes = new Map(model.authentication.map((scheme) => [scheme.name, scheme]));
  const tenantParameter = model.tenancy?.parameter.value;
  // Names no response carries, whatever the read rules say: the design review's sensitive names and the project's own.
  const secret = new Set(
    [...sensitiveFieldNames, ...model.neverReadable.map((name) => name.value)].map((name) => name.toLowerCase()),
  );

  const expand = (names: Iterable<string>): string[] => [
    ...new Set([...names].flatMap((name) => includedRoles(model, name))),
  ];

  const anonymous: Principal = {
    id: undefined,
    tenant: undefined,
    roles: expand(anonymousRoles),
    scheme: undefined,
    credential: undefined,
  };

  /** The tenant roles a credential holds in `tenant`, from the scheme's role source. */
  const tenantRolesOf = async (credential: Credential, tenant: string | undefined): Promise<TenantRoles> => {
    if (credential.kind === 'api-key') {
      return { tenant: credential.tenant, roles: [credential.role] };
    }
    const source = schemes.get(credential.scheme);
    const roleSource = source?.type === 'jwt' ? source.roles : undefined;
    if (roleSource === undefined) return { tenant: undefined, roles: [] };
    if (roleSource.from === 'claims') {
      const claimed = credential.claims[roleSource.roles];
      const claimedTenant = credential.claims[roleSource.tenant];
      return {
        tenant: typeof claimedTenant === 'string' ? claimedTenant : undefined,
        roles: Array.isArray(claimed) ? claimed.filter((role): role is string => typeof role === 'string') : [],
      };
    }
    if (tenant === undefined) return { tenant: undefined, roles: [] };
    const rows = await sql<{
      role: string;
    }>`select ${sql.ref(roleSource.role)} as role from ${sql.table(roleSource.table)}
      where ${sql.ref(roleSource.tenant)} = ${tenant} and ${sql.ref(roleSource.principal)} = ${credential.subject}`.execute(
      db,
    );
    // No membership: the caller is in no tenant here.
    return rows.rows.length === 0
      ? { tenant: undefined, roles: [] }
      : { tenant, roles: rows.rows.map((row) => row.role) };
  };

  const transactionSettingsOf = (request: FastifyRequest): TransactionSettings => {
    const principal = accessOf.get(request)?.principal ?? anonymous;
    const settings: [string, string][] = [
      ['role', applicationRole],
      ['keel.tenant', principal.tenant ?? ''],
      ['keel.principal', principal.id ?? ''],
      ['keel.roles', principal.roles.join(',')],
    ];
    // Path parameters, for conditions that name `path.<parameter>` (ADR 0006).
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number')
        settings.push([`keel.path_${name.toLowerCase()}`, String(value)]);
    }
    return settings;
  };

  return {
    hooks(operation) {
      const entry = model.operations.find((candidate) => candidate.operationId === operation.operationId);
      const requirements = operation.security.flatMap((requirement) => Object.keys(requirement));
      const allowsAnonymous = entry?.allow.some((allowance) => anonymousRoles.includes(allowance.role)) ?? false;
      const tenantInPath =
        tenantParameter !== undefined &&
        operation.parameters.some((p) => p.in === 'path' && p.name === tenantParameter);

      return {
        async onRequest(request) {
          if (requirements.length === 0) {
            accessOf.set(request, { principal: anonymous, readable: undefined });
            return;
          }
          const result = await authenticator.authenticate(request.headers, requirements);
          if (result.ok) {
            const principal: Principal = {
              id: result.credential.subject,
              tenant: undefined,
              roles: [],
              scheme: result.credential.scheme,
              credential: result.credential,
            };
            accessOf.set(request, { principal, readable: undefined });
            return;
          }
          if (result.reason === 'missing' && allowsAnonymous) {
            accessOf.set(request, { principal: anonymous, readable: undefined });
            return;
          }
          throw withHeader(result.problem, result.wwwAuthenticate);
        },

        async preHandler(request) {
          const access = accessOf.get(request);
          if (access === undefined) throw new KeelError('KEEL_FORBIDDEN', 'The request was not authenticated.');
          if (entry === undefined) {
            throw new KeelError(
              'KEEL_FORBIDDEN',
              `access.yaml gives no one ${operation.operationId}: denied by default.`,
            );
          }
          let principal = access.principal;
          if (principal.credential !== undefined) {
            const pathTenant =
              tenantParameter === undefined ? undefined : (request.params as Record<string, unknown>)[tenantParameter];
            const found = await tenantRolesOf(
              principal.credential,
              typeof pathTenant === 'string' ? pathTenant : undefined,
            );
            // A tenant role counts only in the request's tenant, when the path names one.
            const inTenant = !tenantInPath || (found.tenant !== undefined && found.tenant === pathTenant);
            const held = [
              ...anonymousRoles,
              ...authenticatedRoles,
              ...(inTenant ? found.roles.filter((name) => roles.get(name)?.kind === 'tenant') : []),
            ];
            principal = { ...principal, tenant: inTenant ? found.tenant : undefined, roles: expand(held) };
            if (tenantInPath && !inTenant && !allowedAny(entry, principal.roles)) {
              throw new KeelError('KEEL_NOT_FOUND', 'No such resource.');
            }
          }
          const allowed = entry.allow.filter((allowance) => principal.roles.includes(allowance.role));
          if (allowed.length === 0) {
            throw new KeelError(
              'KEEL_FORBIDDEN',
              principal.credential === undefined
                ? `${operation.operationId} needs credentials.`
                : `Your roles (${principal.roles.join(', ') || 'none'}) may not ${operation.operationId}.`,
            );
          }
          const allowedRoles = allowed.map((allowance) => allowance.role);
          checkWritable(entry, allowedRoles, request.body);
          accessOf.set(request, { principal, readable: readableFields(entry, allowedRoles) });
        },
      };
    },

    principalOf: (request) => accessOf.get(request)?.principal,

    settings: transactionSettingsOf,

    filterRead(request, body) {
      const readable = accessOf.get(request)?.readable;
      return dropFields(body, readable, secret);
    },
  };
}

interface TenantRoles {
  readonly tenant: string | undefined;
  readonly roles: readonly string[];
}

function allowedAny(entry: OperationAccess, held: readonly string[]): boolean {
  return entry.allow.some((allowance) => held.includes(allowance.role));
}

/** A role without a write rule writes every declared field; with several roles, the union of what each may write. */
function checkWritable(entry: OperationAccess, allowedRoles: readonly string[], body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const rules = allowedRoles.map((role) => entry.fields.write.find((rule) => rule.role === role));
  if (rules.some((rule) => rule === undefined)) return;
  const writable = new Set(rules.flatMap((rule) => rule?.properties.map((property) => property.value) ?? []));
  const refused = Object.keys(body).filter((name) => !writable.has(name));
  if (refused.length > 0) {
    throw new KeelError(
      'KEEL_FIELD_NOT_WRITABLE',
      `Your role may not set ${refused.map((name) => `\`${name}\``).join(', ')} in ${entry.operationId}.`,
      { extensions: { fields: refused } },
    );
  }
}

function readableFields(entry: OperationAccess, allowedRoles: readonly string[]): ReadonlySet<string> | undefined {
  const rules = allowedRoles.map((role) => entry.fields.read.find((rule) => rule.role === role));
  if (rules.some((rule) => rule === undefined)) return undefined;
  return new Set(rules.flatMap((rule) => rule?.properties.map((property) => property.value) ?? []));
}

function dropFields(body: unknown, readable: ReadonlySet<string> | undefined, secret: ReadonlySet<string>): unknown {
  if (body === null || typeof body !== 'object') return body;
  if (Array.isArray(body)) return body.map((item) => dropFields(item, readable, secret));
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (secret.has(name.toLowerCase())) continue;
    if (Array.isArray(value)) kept[name] = value.map((item) => dropOwnFields(item, readable, secret));
    else if (readable === undefined || readable.has(name)) kept[name] = value;
  }
  return kept;
}

/** An item of a list: its own fields filtered, nothing deeper. */
function dropOwnFields(item: unknown, readable: ReadonlySet<string> | undefined, secret: ReadonlySet<string>): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  return Object.fromEntries(
    Object.entries(item).filter(
      ([name]) => !secret.has(name.toLowerCase()) && (readable === undefined || readable.has(name)),
    ),
  );
}

function withHeader(problem: KeelError, wwwAuthenticate: string | undefined): KeelError {
  if (wwwAuthenticate === undefined) return problem;
  return new KeelError(problem.code, problem.message, {
    extensions: problem.extensions,
    headers: { ...problem.headers, 'www-authenticate': wwwAuthenticate },
  });
}

/**
 * Creates {@link applicationRole} if it is missing and grants it what request transactions need: the tables of the
 * `public` and `keel` schemas, and their sequences. The connecting role keeps ownership (and runs the migrations); it
 * must be allowed to `SET ROLE` to keel_app, which is granted here when it is not a superuser.
 */
export async function ensureApplicationRole(db: Kysely<unknown>): Promise<void> {
  await sql.raw(createApplicationRoleSql).execute(db);
  await sql
    .raw(
      `do $keel$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant ${applicationRole} to %I', current_user);
  end if;
  grant usage on schema public to ${applicationRole};
  grant select, insert, update, delete on all tables in schema public to ${applicationRole};
  grant usage, select on all sequences in schema public to ${applicationRole};
  if exists (select 1 from pg_namespace where nspname = 'keel') then
    grant usage on schema keel to ${applicationRole};
    grant select, insert, update, delete on all tables in schema keel to ${applicationRole};
  end if;
end
$keel$`,
    )
    .execute(db);
}
