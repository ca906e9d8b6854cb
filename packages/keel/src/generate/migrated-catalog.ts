import { extensionsUsedBy } from '../database/index.ts';
import { migrate, type Migration } from '../migrations/index.ts';
import { introspectCatalog, type CatalogSnapshot } from '../model/catalog/index.ts';
import { withScratchDatabase } from '../model/catalog/scratch-database.ts';

/**
 * The catalog the migrations build: all of them applied, with the same function as `keel db migrate`, to an empty
 * scratch database (PGlite in memory, or a fresh database on the server at `databaseUrl`), then introspected.
 *
 * @example
 * const expected = await migratedCatalog(await readMigrations('migrations'));
 */
export async function migratedCatalog(
  migrations: readonly Migration[],
  options: { readonly databaseUrl?: string | undefined } = {},
): Promise<CatalogSnapshot> {
  const extensions = extensionsUsedBy(migrations.map((migration) => migration.up));
  return withScratchDatabase({ databaseUrl: options.databaseUrl, extensions }, async (database) => {
    await migrate(database, migrations);
    return introspectCatalog(database);
  });
}
