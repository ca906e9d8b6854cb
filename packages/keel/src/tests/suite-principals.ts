import { newApiKey } from '../auth/index.ts';
import type { AccessModel, ApiKeyScheme, JwtScheme } from '../access/index.ts';
import type { KeelApp } from '../runtime/index.ts';
import { fillRow } from './fill-row.ts';

/** Someone the generated suites call as: a role held in a tenant, with the headers that prove it. */
export interface TestPrincipal {
  readonly role: string;
  /** `a` or `b`: which of the two provisioned tenants; undefined for anonymous and merely signed-in callers. */
  readonly tenantLabel: 'a' | 'b' | undefined;
  readonly tenant: string | undefined;
  readonly subject: string | undefined;
  /** The contract's security scheme the credentials are for; undefined without credentials. */
  readonly scheme: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TestPrincipals {
  /** The two tenants' keys, `a` first. */
  readonly tenants: { readonly a: string; readonly b: string } | undefined;
  readonly principals: readonly TestPrincipal[];
  /** Roles no principal could be provisioned for, and why (the suites then skip their cases). */
  readonly unavailable: readonly { readonly role: string; readonly reason: string }[];
}

/**
 * Provisions, in a freshly migrated database, two tenants and a principal for every role of access.yaml in each: a
 * membership row and an access token for roles that memberships grant, an API key for the API-key scheme's role, a
 * token without membership for `authenticated` roles, no credentials for `anonymous` ones.
 *
 * @example
 * const { principals } = await provisionPrincipals(app, access);
 * await app.inject({ method: 'GET', url: '/me', headers: principals[0].headers });
 */
export async function provisionPrincipals(app: KeelApp, access: AccessModel | undefined): Promise<TestPrincipals> {
  if (access === undefined) {
    return {
      tenants: undefined,
      principals: [
        {
          role: 'anonymous',
          tenantLabel: undefined,
          tenant: undefined,
          subject: undefined,
          scheme: undefined,
          headers: {},
        },
      ],
      unavailable: [],
    };
  }
  const db = app.database.db;
  const jwt = access.authentication.find((scheme): scheme is JwtScheme => scheme.type === 'jwt');
  const apiKey = access.authentication.find((scheme): scheme is ApiKeyScheme => scheme.type === 'api-key');
  const principals: TestPrincipal[] = [];
  const unavailable: { role: string; reason: string }[] = [];
  const tenancy = access.tenancy?.tenants;
  let tenants: { a: string; b: string } | undefined;
  if (tenancy !== undefined) {
    const keyOf = async () => String((await fillRow(db, tenancy.table.value, {}))[tenancy.key.value]);
    tenants = { a: await keyOf(), b: await keyOf() };
  }
  const tokenFor = async (subject: string): Promise<Record<string, string> | undefined> => {
    if (app.identity === undefined || jwt === undefined) return undefined;
    const { accessToken } = await app.identity.issueTokensFor(subject);
    return { authorization: `${jwt.authorizationScheme ?? 'Bearer'} ${accessToken}` };
  };
  const newUser = async (): Promise<string> => {
    const source = jwt?.roles;
    if (source?.from === 'memberships') {
      // A principal column that references a users table gets a user row there, so memberships can point at it.
      const membership = await fillRowTemplate(db, source.table, source.principal);
      if (membership !== undefined) return membership;
    }
    return crypto.randomUUID();
  };

  for (const role of access.roles) {
    if (role.kind === 'anonymous') {
      principals.push({
        role: role.name,
        tenantLabel: undefined,
        tenant: undefined,
        subject: undefined,
        scheme: undefined,
        headers: {},
      });
      continue;
    }
    if (role.kind === 'authenticated') {
      const subject = await newUser();
      const headers = await tokenFor(subject);
      if (headers === undefined)
        unavailable.push({
          role: role.name,
          reason: 'Keel issues tokens only when access.yaml has a `keys: managed` JWT scheme',
        });
      else
        principals.push({
          role: role.name,
          tenantLabel: undefined,
          tenant: undefined,
          subject,
          scheme: jwt?.name,
          headers,
        });
      continue;
    }
    if (tenants === undefined) {
      unavailable.push({ role: role.name, reason: 'access.yaml names no tenants table (`tenancy.tenants`)' });
      continue;
    }
    for (const label of ['a', 'b'] as const) {
      const tenant = tenants[label];
      if (apiKey !== undefined && apiKey.role?.value === role.name) {
        const key = newApiKey(apiKey.prefix ?? '');
        await fillRow(db, apiKey.table ?? 'api_keys', {
          [access.tenancy?.column.value ?? 'org_id']: tenant,
          prefix: key.displayPrefix,
          hash: key.hash,
        });
        principals.push({
          role: role.name,
          tenantLabel: label,
          tenant,
          subject: undefined,
          scheme: apiKey.name,
          headers: { [apiKey.header.toLowerCase()]: key.secret },
        });
        continue;
      }
      const source = jwt?.roles;
      if (source?.from !== 'memberships') {
        if (label === 'a')
          unavailable.push({
            role: role.name,
            reason: 'only roles from a memberships table or an API key can be provisioned',
          });
        continue;
      }
      const subject = await newUser();
      const headers = await tokenFor(subject);
      if (headers === undefined) {
        if (label === 'a')
          unavailable.push({
            role: role.name,
            reason: 'Keel issues tokens only when access.yaml has a `keys: managed` JWT scheme',
          });
        continue;
      }
      try {
        await fillRow(db, source.table, {
          [source.tenant]: tenant,
          [source.principal]: subject,
          [source.role]: role.name,
        });
      } catch (error) {
        if (label === 'a')
          unavailable.push({ role: role.name, reason: `no membership row can hold it: ${(error as Error).message}` });
        continue;
      }
      principals.push({ role: role.name, tenantLabel: label, tenant, subject, scheme: jwt?.name, headers });
    }
  }
  return { tenants, principals, unavailable };
}

/** A new row in the table a memberships column references (the users), or undefined when it references none. */
async function fillRowTemplate(
  db: KeelApp['database']['db'],
  table: string,
  column: string,
): Promise<string | undefined> {
  const { sql } = await import('kysely');
  const { rows } = await sql<{ target: string; key: string }>`
    select target_table.relname as target, target.attname as key
    from pg_constraint c
    join pg_class source_table on source_table.oid = c.conrelid
    join pg_class target_table on target_table.oid = c.confrelid
    join pg_attribute source on source.attrelid = c.conrelid and source.attnum = c.conkey[1]
    join pg_attribute target on target.attrelid = c.confrelid and target.attnum = c.confkey[1]
    where c.contype = 'f' and source_table.relname = ${table} and source.attname = ${column}`.execute(db);
  const reference = rows[0];
  if (reference === undefined) return undefined;
  const row = await fillRow(db, reference.target, {});
  return String(row[reference.key]);
}
