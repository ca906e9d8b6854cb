import { sql } from 'kysely';
import type {
  ConstraintSnapshot,
  ConstraintType,
  IndexSnapshot,
  PolicyCommand,
  PolicySnapshot,
  TriggerSnapshot,
  TriggerState,
} from './catalog-snapshot.ts';
import { notFromExtension, sortedStrings, userSchema, type CatalogReader } from './catalog-sql.ts';

const constraintTypes: Readonly<Record<string, ConstraintType>> = {
  c: 'check',
  f: 'foreign key',
  p: 'primary key',
  u: 'unique',
  x: 'exclusion',
  t: 'trigger',
};
const triggerStates: Readonly<Record<string, TriggerState>> = {
  O: 'enabled',
  D: 'disabled',
  R: 'replica',
  A: 'always',
};
const policyCommands: Readonly<Record<string, PolicyCommand>> = {
  '*': 'all',
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
};

/**
 * Table constraints. NOT NULL is a column property here: PostgreSQL 18 also lists it as a constraint, and leaving
 * it out keeps snapshots alike across versions.
 */
export async function readConstraints(db: CatalogReader): Promise<ConstraintSnapshot[]> {
  const { rows } = await sql<{ schema: string; table: string; name: string; type: string; definition: string }>`
    select n.nspname::text as schema, c.relname::text as table, con.conname::text as name, con.contype::text as type,
      pg_catalog.pg_get_constraintdef(con.oid) as definition
    from pg_catalog.pg_constraint con
      join pg_catalog.pg_class c on c.oid = con.conrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where con.contype in ('c', 'f', 'p', 'u', 'x', 't') and ${userSchema('n')}
      and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows.map((row) => ({ ...row, type: constraintTypes[row.type] ?? 'check' }));
}

/** Indexes of tables and materialized views, with the constraint each one enforces. */
export async function readIndexes(db: CatalogReader): Promise<IndexSnapshot[]> {
  const { rows } = await sql<IndexSnapshot>`
    select n.nspname::text as schema, c.relname::text as table, i.relname::text as name,
      pg_catalog.pg_get_indexdef(x.indexrelid) as definition, x.indisvalid as valid,
      (select con.conname::text from pg_catalog.pg_constraint con where con.conindid = x.indexrelid
        and con.conrelid = x.indrelid and con.contype in ('p', 'u', 'x')) as constraint
    from pg_catalog.pg_index x
      join pg_catalog.pg_class i on i.oid = x.indexrelid
      join pg_catalog.pg_class c on c.oid = x.indrelid
      join pg_catalog.pg_namespace n on n.oid = i.relnamespace
    where c.relkind in ('r', 'p', 'm') and ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows;
}

/** User triggers; the internal ones that implement foreign keys are left out. */
export async function readTriggers(db: CatalogReader): Promise<TriggerSnapshot[]> {
  const { rows } = await sql<{ schema: string; table: string; name: string; definition: string; state: string }>`
    select n.nspname::text as schema, c.relname::text as table, t.tgname::text as name,
      pg_catalog.pg_get_triggerdef(t.oid) as definition, t.tgenabled::text as state
    from pg_catalog.pg_trigger t
      join pg_catalog.pg_class c on c.oid = t.tgrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows.map((row) => ({ ...row, state: triggerStates[row.state] ?? 'enabled' }));
}

/** Row-level security policies. */
export async function readPolicies(db: CatalogReader): Promise<PolicySnapshot[]> {
  const { rows } = await sql<{
    schema: string;
    table: string;
    name: string;
    command: string;
    permissive: boolean;
    roles: string[];
    using: string | null;
    with_check: string | null;
  }>`
    select n.nspname::text as schema, c.relname::text as table, p.polname::text as name, p.polcmd::text as command,
      p.polpermissive as permissive,
      array(select case when r.oid = 0 then 'public' else pg_catalog.pg_get_userbyid(r.oid)::text end
        from unnest(p.polroles) as r(oid)) as roles,
      pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using,
      pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
    from pg_catalog.pg_policy p
      join pg_catalog.pg_class c on c.oid = p.polrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where ${userSchema('n')}`.execute(db);
  return rows.map((row) => ({
    schema: row.schema,
    table: row.table,
    name: row.name,
    command: policyCommands[row.command] ?? 'all',
    permissive: row.permissive,
    roles: sortedStrings(row.roles),
    using: row.using,
    withCheck: row.with_check,
  }));
}
