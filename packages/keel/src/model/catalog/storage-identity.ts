import { sql } from 'kysely';
import { notFromExtension, qualifiedName, userSchema, type CatalogReader } from './catalog-sql.ts';

/**
 * Where rows live: each table by OID, each column by OID and number, with the name it has now. A table renamed keeps
 * its rows and its identity; one dropped and created again under the same name does not. Never part of a snapshot.
 */
export interface StorageIdentity {
  /** OID → `bookings`. */
  readonly tables: ReadonlyMap<string, string>;
  /** `OID:attnum` → `bookings.notes`. */
  readonly columns: ReadonlyMap<string, string>;
}

/** Reads the identities of the tables that hold rows (not views, not foreign tables) and of their columns. */
export async function readStorageIdentity(db: CatalogReader): Promise<StorageIdentity> {
  const { rows } = await sql<{ oid: string; schema: string; table: string; attnum: number; column: string }>`
    select c.oid::text as oid, n.nspname::text as schema, c.relname::text as table, a.attnum::int as attnum,
      a.attname::text as column
    from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p') and ${userSchema('n')} and ${notFromExtension('pg_class', 'c.oid')}`.execute(db);
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  for (const row of rows) {
    const table = qualifiedName(row.schema, row.table);
    tables.set(row.oid, table);
    columns.set(`${row.oid}:${row.attnum}`, `${table}.${row.column}`);
  }
  return { tables, columns };
}

/** What a step took away: tables and columns present before it and gone after, by their names before. */
export interface DroppedStorage {
  readonly tables: readonly string[];
  readonly columns: readonly string[];
}

/** Tables, and columns of tables that remain, that `before` has and `after` no longer has (by identity). */
export function droppedStorage(before: StorageIdentity, after: StorageIdentity): DroppedStorage {
  const tables = [...before.tables].filter(([oid]) => !after.tables.has(oid)).map(([, name]) => name);
  const columns = [...before.columns]
    .filter(([key]) => !after.columns.has(key) && after.tables.has(key.slice(0, key.indexOf(':'))))
    .map(([, name]) => name);
  return { tables, columns };
}

/** Keeps only the identities also present in `other`: what existed at both moments. */
export function sharedStorage(identity: StorageIdentity, other: StorageIdentity): StorageIdentity {
  return {
    tables: new Map([...identity.tables].filter(([oid]) => other.tables.has(oid))),
    columns: new Map([...identity.columns].filter(([key]) => other.columns.has(key))),
  };
}
