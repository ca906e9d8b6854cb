import type { Kysely } from 'kysely';
import type { Database } from '../../database/index.ts';
import type { CatalogSnapshot } from './catalog-snapshot.ts';
import { sortedBy, type CatalogReader } from './catalog-sql.ts';
import { readColumns, readTables } from './read-tables.ts';
import { readConstraints, readIndexes, readPolicies, readTriggers } from './read-table-objects.ts';
import {
  readExtensions,
  readFunctions,
  readSchemas,
  readSequences,
  readTypes,
  readViews,
} from './read-schema-objects.ts';

/**
 * Reads the user's schemas (everything but PostgreSQL's own and Keel's `keel`) through `pg_catalog`, in the same
 * way on PGlite and PostgreSQL 15+. Objects that extensions install are the extension's and are left out. Queries
 * run one after another, so `db` may be bound to a single connection or transaction. A project's typed
 * `Kysely<DB>` is accepted as it is.
 *
 * @example
 * const before = await introspectCatalog(database);
 * await migrate(database, migrations);
 * const differences = compareCatalogs(before, await introspectCatalog(database));
 */
export async function introspectCatalog<DB = unknown>(db: Kysely<DB> | Database): Promise<CatalogSnapshot> {
  const reader: CatalogReader = 'withLock' in db ? db.db : db;
  const inTable = (row: { schema: string; table: string; name: string }) => [row.schema, row.table, row.name];
  const inSchema = (row: { schema: string; name: string }) => [row.schema, row.name];
  return {
    schemas: sortedBy(await readSchemas(reader), (row) => [row.name]),
    extensions: sortedBy(await readExtensions(reader), (row) => [row.name]),
    types: sortedBy(await readTypes(reader), inSchema),
    tables: sortedBy(await readTables(reader), inSchema),
    columns: sortedBy(await readColumns(reader), inTable),
    constraints: sortedBy(await readConstraints(reader), inTable),
    indexes: sortedBy(await readIndexes(reader), inSchema),
    sequences: sortedBy(await readSequences(reader), inSchema),
    views: sortedBy(await readViews(reader), inSchema),
    functions: sortedBy(await readFunctions(reader), (row) => [row.schema, row.name, row.arguments]),
    triggers: sortedBy(await readTriggers(reader), inTable),
    policies: sortedBy(await readPolicies(reader), inTable),
  };
}
