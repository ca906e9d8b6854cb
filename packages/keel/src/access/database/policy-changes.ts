import type { PolicySnapshot, TableSnapshot } from '../../model/catalog/catalog-snapshot.ts';
import { identifier } from '../condition-to-sql.ts';
import {
  createApplicationRoleSql,
  createPolicySql,
  secureTableSql,
  type AccessPolicy,
  type TableSecurity,
} from '../row-level-security.ts';

/** How the migrated schema's row-level security differs from what access.yaml implies. */
export interface PolicyChanges {
  /** Present policies that are changed or no longer implied: dropped by the up section, restored by the down. */
  readonly dropped: readonly PolicySnapshot[];
  /** Implied policies that are new or changed: created by the up section, dropped by the down. */
  readonly created: readonly AccessPolicy[];
  /** Tenant tables without `enable` or `force row level security`, as they are now. */
  readonly unsecured: readonly TableSnapshot[];
}

/**
 * Compares Keel's policies as the migrations leave them with those access.yaml implies, both as PostgreSQL prints
 * them (so `a = b` and `(a = b)` are alike), and lists the tenant tables whose row-level security is not enabled
 * and forced.
 */
export function policyChanges(
  tables: readonly TableSnapshot[],
  present: readonly PolicySnapshot[],
  printed: readonly PolicySnapshot[],
  implied: readonly TableSecurity[],
): PolicyChanges {
  const key = (policy: { table: string; name: string }) => `${policy.table}\u0000${policy.name}`;
  const printedByKey = new Map(printed.map((policy) => [key(policy), policy]));
  const presentByKey = new Map(present.map((policy) => [key(policy), policy]));
  const wanted = implied.flatMap((table) => table.policies);
  const wantedKeys = new Set(wanted.map(key));
  const created = wanted.filter((policy) => {
    const now = presentByKey.get(key(policy));
    const then = printedByKey.get(key(policy));
    return now === undefined || then === undefined || definition(now) !== definition(then);
  });
  const createdKeys = new Set(created.map(key));
  const dropped = present.filter((policy) => createdKeys.has(key(policy)) || !wantedKeys.has(key(policy)));
  const flags = new Map(tables.map((table) => [table.name, table]));
  const unsecured = implied.flatMap((table) => {
    const snapshot = flags.get(table.table);
    return snapshot !== undefined && (!snapshot.rowSecurity || !snapshot.forceRowSecurity) ? [snapshot] : [];
  });
  return { dropped, created, unsecured };
}

export function hasChanges(changes: PolicyChanges): boolean {
  return changes.dropped.length + changes.created.length + changes.unsecured.length > 0;
}

function definition(policy: PolicySnapshot): string {
  return JSON.stringify([policy.command, policy.permissive, policy.roles, policy.using, policy.withCheck]);
}

/**
 * The text of `migrations/NNNN_access_policies.sql` (decision record 0004): the up section drops the changed and
 * removed policies, enables and forces row-level security, and creates the new ones; the down section restores the
 * previous state exactly, from the definitions PostgreSQL printed.
 */
export function policiesMigration(changes: PolicyChanges): string {
  const up = [
    "set lock_timeout = '5s';",
    createApplicationRoleSql,
    ...changes.dropped.map(dropPolicySql),
    ...changes.unsecured.map((table) => secureTableSql(table.name)),
    ...changes.created.map(createPolicySql),
  ];
  const down = [
    "set lock_timeout = '5s';",
    ...changes.created.map(dropPolicySql),
    ...changes.dropped.map(restorePolicySql),
    ...changes.unsecured.flatMap((table) => [
      ...(table.forceRowSecurity ? [] : [`alter table ${identifier(table.name)} no force row level security;`]),
      ...(table.rowSecurity ? [] : [`alter table ${identifier(table.name)} disable row level security;`]),
    ]),
  ];
  return [
    '-- Row-level security as access.yaml implies it (docs/decisions/0006-access-control.md). Written by `keel gen`:',
    '-- change access.yaml and run `keel gen` again rather than editing the policies here.',
    '-- migrate:up',
    up.join('\n\n'),
    '',
    '-- migrate:down',
    down.join('\n'),
    '',
  ].join('\n');
}

function dropPolicySql(policy: { name: string; table: string }): string {
  return `drop policy ${identifier(policy.name)} on ${identifier(policy.table)};`;
}

/** A policy as it was, from PostgreSQL's own text of it. */
function restorePolicySql(policy: PolicySnapshot): string {
  const roles = policy.roles.map((role) => (role === 'public' ? 'public' : identifier(role))).join(', ');
  return [
    `create policy ${identifier(policy.name)} on ${identifier(policy.table)}`,
    ` as ${policy.permissive ? 'permissive' : 'restrictive'} for ${policy.command} to ${roles}`,
    policy.using === null ? '' : ` using (${policy.using})`,
    policy.withCheck === null ? '' : ` with check (${policy.withCheck})`,
    ';',
  ].join('');
}
