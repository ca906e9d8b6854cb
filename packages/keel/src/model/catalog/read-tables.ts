import { sql } from 'kysely';
import type { ColumnSnapshot, Identity, Persistence, TableKind, TableSnapshot } from './catalog-snapshot.ts';
import { grantsOf, notFromExtension, sortedStrings, userSchema, type CatalogReader } from './catalog-sql.ts';

const tableKinds: Readonly<Record<string, TableKind>> = { r: 'table', p: 'partitioned table', f: 'foreign table' };
const persistences: Readonly<Record<string, Persistence>> = { p: 'permanent', u: 'unlogged', t: 'temporary' };
const identities: Readonly<Record<string, Identity>> = { a: 'always', d: 'by default' };

/** Tables (ordinary, partitioned, foreign) of the user's schemas. */
export async function readTables(db: CatalogReader): Promise<TableSnapshot[]> {
  const { rows } = await sql<{
    schema: string;
    name: string;
    kind: string;
    persistence: string;
    row_security: boolean;
    force_row_security: boolean;
    options: string[];
    inherits: string[];
    partition_key: string | null;
    partition_bound: string | null;
    grants: string[];
    comment: string | null;
  }>`select n.nspname::text as schema, c.relname::text as name, c.relkind::text as kind,
      c.relpersistence::text as persistence, c.relrowsecurity as row_security,
      c.relforcerowsecurity as force_row_security, coalesce(c.reloptions, '{}')::text[] as options,
      array(select pn.nspname::text || '.' || p.relname::text from pg_catalog.pg_inherits i
        join pg_catalog.pg_class p on p.oid = i.inhparent join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
        where i.inhrelid = c.oid) as inherits,
      case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partition_key,
      case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
      ${grantsOf('c')} as grants, pg_catalog.obj_description(c.oid, 'pg_class') as comment
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'f') and ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows.map((row) => ({
    schema: row.schema,
    name: row.name,
    kind: tableKinds[row.kind] ?? 'table',
    persistence: persistences[row.persistence] ?? 'permanent',
    rowSecurity: row.row_security,
    forceRowSecurity: row.force_row_security,
    options: sortedStrings(row.options),
    inherits: sortedStrings(row.inherits),
    partitionKey: row.partition_key,
    partitionBound: row.partition_bound,
    grants: sortedStrings(row.grants),
    comment: row.comment,
  }));
}

/** Columns of those tables. */
export async function readColumns(db: CatalogReader): Promise<ColumnSnapshot[]> {
  const { rows } = await sql<{
    schema: string;
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    expression: string | null;
    identity: string;
    generated: string;
    collation: string | null;
    comment: string | null;
  }>`select n.nspname::text as schema, c.relname::text as table, a.attname::text as name,
      pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
      pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expression, a.attidentity::text as identity,
      a.attgenerated::text as generated,
      (select case when cn.nspname = 'pg_catalog' then co.collname::text else cn.nspname::text || '.' || co.collname::text end
        from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
        where co.oid = a.attcollation and a.attcollation <> t.typcollation) as collation,
      pg_catalog.col_description(c.oid, a.attnum) as comment
    from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_type t on t.oid = a.atttypid
      left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where c.relkind in ('r', 'p', 'f') and a.attnum > 0 and not a.attisdropped
      and ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  return rows.map((row) => {
    const generated = row.generated !== '';
    return {
      schema: row.schema,
      table: row.table,
      name: row.name,
      type: row.type,
      notNull: row.not_null,
      default: generated ? null : row.expression,
      identity: identities[row.identity] ?? null,
      generated: generated ? row.expression : null,
      collation: row.collation,
      comment: row.comment,
    };
  });
}
