import type { Column } from '../model/model-model.ts';
import type { AccessFacts } from './access-facts.ts';
import type { AccessModel, Allowance } from './access-model.ts';
import { mentionsRow } from './condition-ast.ts';
import { conditionToSql, identifier, literal, setting, settingSql } from './condition-to-sql.ts';

/** The role request transactions run as (`applicationRole` of the runtime). */
export const applicationRoleName = 'keel_app';

/** Every policy Keel owns is named `keel_<table>_<command>`; no other policy is touched. */
export const policyPrefix = 'keel_';

export type PolicyCommand = 'select' | 'insert' | 'update' | 'delete' | 'all';

/** One row-level security policy, as `create policy` writes it. */
export interface AccessPolicy {
  readonly name: string;
  readonly table: string;
  readonly command: PolicyCommand;
  /** `public` for every role. */
  readonly roles: readonly string[];
  readonly using: string | undefined;
  readonly withCheck: string | undefined;
  /** What it comes from, for the comment above it. */
  readonly comment: string;
}

/** A secured table (a tenant table, or one whose rows a condition guards): row-level security enabled and forced, and its policies. */
export interface TableSecurity {
  readonly table: string;
  readonly policies: readonly AccessPolicy[];
}

const commandOf: Readonly<Record<string, Exclude<PolicyCommand, 'all'>>> = {
  get: 'select',
  post: 'insert',
  put: 'update',
  patch: 'update',
  delete: 'delete',
};
const commands = ['select', 'insert', 'update', 'delete'] as const;

/** An allowance of one operation, with the operation it belongs to. */
interface Grant {
  readonly operationId: string;
  readonly allowance: Allowance;
}

/**
 * The row-level security access.yaml implies (decision record 0006): for each secured table, that is each tenant table
 * (one with the tenancy column) and each table whose rows an allowance's condition guards (`row.created_by =
 * principal.id`, with or without tenancy), and each command, one permissive policy `keel_<table>_<command>` to
 * keel_app, the OR over the operations on that table of `has role and tenant condition (tenant roles on tenant tables)
 * and the allowance's condition`; an update also needs the select policy, to find its rows. Every secured table also
 * gets `keel_<table>_maintenance`, which leaves every role but keel_app (the owner running migrations and Keel's own
 * lookups) the access its grants give it. Sorted by table, then command, so the same access.yaml always gives the
 * same SQL. The database is where a condition holds: the runtime does not evaluate conditions itself.
 *
 * @example
 * const tables = policiesFor(access, await accessFacts(access, context));
 */
export function policiesFor(model: AccessModel, facts: AccessFacts): readonly TableSecurity[] {
  if (facts.tables === undefined) return [];
  const tables = facts.tables;
  const tenantColumn = model.tenancy?.column.value;
  const isTenantTable = (table: string): boolean =>
    tenantColumn !== undefined && tables.get(table)?.columns.some((column) => column.name === tenantColumn) === true;
  const securedTables = new Set([...tables.keys()].filter(isTenantTable));
  const roleKinds = new Map(model.roles.map((role) => [role.name, role.kind]));
  const columnType = columnTypes(facts);

  const grants = new Map<string, Grant[]>();
  for (const entry of [...model.operations].sort((a, b) => compareText(a.operationId, b.operationId))) {
    const operation = facts.operations.get(entry.operationId);
    const command = commandOf[operation?.operation.method ?? ''];
    if (operation?.table === undefined || command === undefined) continue;
    const granted = entry.allow.map((allowance) => ({ operationId: entry.operationId, allowance }));
    // A condition on the row holds only where the database enforces it, whether or not the table is a tenant's.
    if (tables.has(operation.table) && entry.allow.some(guardsRow)) securedTables.add(operation.table);
    for (const each of command === 'update' ? ['select', 'update'] : [command]) {
      const key = `${operation.table}\u0000${each}`;
      grants.set(key, [...(grants.get(key) ?? []), ...granted]);
    }
  }

  return [...securedTables].sort(compareText).map((table) => {
    const policies: AccessPolicy[] = [];
    for (const command of commands) {
      const granted = grants.get(`${table}\u0000${command}`) ?? [];
      const terms = granted.flatMap(({ allowance }): Term[] => {
        // A condition that does not parse allows nothing (the loader reports it).
        if (allowance.condition !== undefined && allowance.condition.ast === undefined) return [];
        return [
          {
            role: allowance.role,
            inTenant: roleKinds.get(allowance.role) === 'tenant' && tenantColumn !== undefined && isTenantTable(table),
            condition:
              allowance.condition?.ast === undefined
                ? undefined
                : conditionToSql(allowance.condition.ast, { table, columnType, settingsOnce: true }),
          },
        ];
      });
      if (terms.length === 0) continue;
      const tenantType = tenantColumn === undefined ? undefined : columnType(table, tenantColumn);
      const tenantTest =
        tenantColumn === undefined
          ? ''
          : `${identifier(table)}.${identifier(tenantColumn)} = ${settingSql('keel.tenant', tenantType === undefined ? '' : `::${tenantType}`, true)}`;
      const expression = policyExpression(terms, tenantTest);
      policies.push({
        name: `${policyPrefix}${table}_${command}`,
        table,
        command,
        roles: [applicationRoleName],
        using: command === 'insert' ? undefined : expression,
        withCheck: command === 'insert' || command === 'update' ? expression : undefined,
        comment: describeGrants(granted),
      });
    }
    policies.push(maintenancePolicy(table));
    return { table, policies };
  });
}

/** Whether an allowance's condition names the row, so that only row-level security can hold it. */
function guardsRow(allowance: Allowance): boolean {
  return allowance.condition?.ast !== undefined && mentionsRow(allowance.condition.ast);
}

/** One role's allowance on a table, as SQL: whether it holds in the caller's tenant only, and on which rows. */
interface Term {
  readonly role: string;
  readonly inTenant: boolean;
  readonly condition: string | undefined;
}

/**
 * The OR of the terms, factored: a role allowed without a condition needs none of its conditional terms; roles allowed
 * on the same rows are tested together (`(select held && array[…])`, a scalar subquery PostgreSQL evaluates once per
 * statement, as it does the settings the tenant comparison and the conditions read); the tenant comparison, shared by
 * every tenant role, is written once. A policy is planned into every statement on its table and, but for its
 * InitPlans, evaluated on every row it scans (decision record 0006, amendment of 2026-11-25).
 *
 * @example
 * policyExpression([{ role: 'admin', inTenant: true, condition: undefined }], '"b"."org_id" = (select …)');
 * // '"b"."org_id" = (select …)\n    and (select string_to_array(…) && array[\'admin\'])'
 */
function policyExpression(terms: readonly Term[], tenantTest: string): string {
  const unconditional = new Set(terms.filter((term) => term.condition === undefined).map((term) => term.role));
  const groups = new Map<string, { inTenant: boolean; condition: string | undefined; roles: Set<string> }>();
  for (const term of terms) {
    if (term.condition !== undefined && unconditional.has(term.role)) continue;
    const key = `${String(term.inTenant)}\u0000${term.condition ?? ''}`;
    const group = groups.get(key) ?? { inTenant: term.inTenant, condition: term.condition, roles: new Set<string>() };
    group.roles.add(term.role);
    groups.set(key, group);
  }
  const held = `string_to_array(${setting('keel.roles')}, ',')`;
  // A group's test: `(select held && array[…])`, a whole term already, or that and its condition.
  const render = (group: { condition: string | undefined; roles: Set<string> }) => {
    const roles = `(select ${held} && array[${[...group.roles].sort(compareText).map(literal).join(', ')}])`;
    return group.condition === undefined
      ? { text: roles, whole: true }
      : { text: `${roles} and (${group.condition})`, whole: false };
  };
  const term = (part: { text: string; whole: boolean }) => (part.whole ? part.text : `(${part.text})`);
  // Unconditional groups first: the cheaper test, and the one that most often settles the OR.
  const ordered = [...groups.values()].sort(
    (a, b) =>
      Number(a.condition !== undefined) - Number(b.condition !== undefined) ||
      compareText(a.condition ?? '', b.condition ?? ''),
  );
  const inTenant = ordered.filter((group) => group.inTenant).map(render);
  const anywhere = ordered.filter((group) => !group.inTenant).map(render);
  const alternatives = [...anywhere];
  if (inTenant.length > 0) {
    const anyOf =
      inTenant.length === 1
        ? term(inTenant[0] ?? { text: '', whole: true })
        : `(\n      ${inTenant.map(term).join('\n      or ')}\n    )`;
    alternatives.unshift({ text: `${tenantTest}\n    and ${anyOf}`, whole: false });
  }
  return alternatives.length === 1 ? (alternatives[0]?.text ?? '') : alternatives.map(term).join('\n    or ');
}

/** Every role but keel_app keeps what its grants give it: `force row level security` binds the owner too. */
function maintenancePolicy(table: string): AccessPolicy {
  const notApplication = `current_user <> ${literal(applicationRoleName)}`;
  return {
    name: `${policyPrefix}${table}_maintenance`,
    table,
    command: 'all',
    roles: ['public'],
    using: notApplication,
    withCheck: notApplication,
    comment: 'every role but keel_app (the owner: migrations, Keel’s lookups, seeds)',
  };
}

/** `getBooking (member, integration); updateBooking (admin, member where row.created_by = principal.id)`. */
function describeGrants(grants: readonly Grant[]): string {
  const byOperation = new Map<string, string[]>();
  for (const { operationId, allowance } of grants) {
    const role =
      allowance.condition === undefined ? allowance.role : `${allowance.role} where ${allowance.condition.text}`;
    byOperation.set(operationId, [...(byOperation.get(operationId) ?? []), role.replaceAll(/\s+/g, ' ')]);
  }
  return [...byOperation].map(([operationId, roles]) => `${operationId} (${roles.join(', ')})`).join('; ');
}

const serialTypes: Readonly<Record<string, string>> = {
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
};

/** A column's type as the migrations create it, for {@link conditionToSql}'s casts. */
export function columnTypes(facts: AccessFacts): (table: string, column: string) => string | undefined {
  return (table, column) => {
    const found = facts.tables?.get(table)?.columns.find((candidate) => candidate.name === column);
    return found === undefined ? undefined : castType(found);
  };
}

/** The type a setting is cast to for a comparison with the column: `serial` is an `integer` once created. */
function castType(column: Column): string {
  return serialTypes[column.type.name] ?? column.type.text;
}

/** `create policy …;` with a comment above it naming what it comes from. */
export function createPolicySql(policy: AccessPolicy): string {
  const lines = [
    `-- ${policy.name}: ${policy.comment}`,
    `create policy ${identifier(policy.name)} on ${identifier(policy.table)} as permissive for ${policy.command}`,
    `  to ${policy.roles.map((role) => (role === 'public' ? 'public' : identifier(role))).join(', ')}`,
  ];
  if (policy.using !== undefined) lines.push(`  using (\n    ${policy.using}\n  )`);
  if (policy.withCheck !== undefined) lines.push(`  with check (\n    ${policy.withCheck}\n  )`);
  return `${lines.join('\n')};`;
}

/** `alter table … enable/force row level security;` */
export function secureTableSql(table: string): string {
  return `alter table ${identifier(table)} enable row level security;\nalter table ${identifier(table)} force row level security;`;
}

/**
 * Creates keel_app when the database has none, as the runtime's `ensureApplicationRole` does: policies can only name
 * a role that exists. Roles belong to the server, not the database, so the down section leaves it.
 */
export const createApplicationRoleSql = `do $keel$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = '${applicationRoleName}') then
    create role ${applicationRoleName} nologin nosuperuser nobypassrls noinherit;
  end if;
exception when duplicate_object or unique_violation then null;
end
$keel$;`;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
