import type { Database } from './database.ts';
import { openPGlite } from './pglite-database.ts';
import { openPostgres } from './postgres-database.ts';

export interface OpenDatabaseOptions {
  /** A postgres:// URL: use that server. Otherwise PGlite runs embedded. */
  readonly url?: string | undefined;
  /** PGlite's folder (created if absent); in memory when undefined or `memory://`. Ignored with `url`. */
  readonly dataDir?: string | undefined;
  /** Extensions to load into PGlite (see `extensionsUsedBy`); a server has its own. */
  readonly extensions?: readonly string[];
  /** Most connections to a server; defaults to the URL's `?pool=`, else 10. */
  readonly poolSize?: number | undefined;
}

/**
 * Opens the project's database: the PostgreSQL server at `url`, or embedded PGlite.
 * An unreachable server is reported as `KEEL_DATABASE_UNREACHABLE` (with the URL's password redacted).
 *
 * @example
 * const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: '.keel/data' });
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url !== undefined && options.url !== '') {
    return openPostgres(options.url, { poolSize: options.poolSize });
  }
  return openPGlite({ dataDir: options.dataDir, extensions: options.extensions });
}
