import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { KeelError } from '../errors/index.ts';
import { describeError } from './database-errors.ts';
import type { AnyDatabase, Database } from './database.ts';
import { directKysely, driverQueryRunner } from './direct-query-executor.ts';
import { loadPGliteExtensions } from './pglite-extensions.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { ping } from './ping.ts';
import { plainScopedTransaction } from './scoped-transaction.ts';
import { createSession } from './session.ts';

export interface PGliteOptions {
  /** A folder to persist to (created if absent); in memory when undefined or `memory://`. */
  readonly dataDir?: string | undefined;
  /** Extensions to load, by the name `CREATE EXTENSION` uses. */
  readonly extensions?: readonly string[] | undefined;
  /** A data folder dumped by `dumpDataDir`, to start from instead of running initdb (tests). */
  readonly loadDataDir?: Blob | undefined;
}

/**
 * node-postgres returns int8 (e.g. `count(*)`) as a string, since it may not fit a number; PGlite is told to do the
 * same so handlers see the same values on both.
 */
const parsers = {
  [types.INT8]: (value: string) => value,
};

/** Starts embedded PostgreSQL. */
export async function openPGlite(options: PGliteOptions = {}): Promise<Database> {
  return pgliteDatabase(await startPGlite(options));
}

/** Starts a PGlite instance configured as Keel uses it; `pgliteDatabase` wraps it. */
export async function startPGlite(options: PGliteOptions = {}): Promise<PGlite> {
  const extensions = await loadPGliteExtensions(options.extensions ?? []);
  const inMemory = options.dataDir === undefined || options.dataDir === 'memory://';
  try {
    if (!inMemory) await mkdir(options.dataDir, { recursive: true });
    return await PGlite.create({
      ...(inMemory ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      extensions,
      parsers,
    });
  } catch (error) {
    const where = inMemory ? 'in memory' : `at ${options.dataDir}`;
    throw new KeelError(
      'KEEL_DATABASE_UNREACHABLE',
      `cannot start the embedded database ${where}: ${describeError(error)}`,
      {
        fix: inMemory
          ? 'Check that the process has enough memory.'
          : 'Check that the folder is writable and not used by another Keel process; delete it to start afresh.',
        cause: error,
      },
    );
  }
}

/** A Database over a running PGlite instance, which `close()` will close. */
export function pgliteDatabase(pglite: PGlite): Database {
  const dialect = new PGliteDialect({ pglite });
  // The driver's `init` only waits for PGlite to be ready, which `startPGlite` has done.
  const driver = dialect.createDriver();
  const db = directKysely(dialect, driver, driverQueryRunner(driver));
  // `exec` runs a script in the one session, so inside a transaction it joins that transaction.
  const runScript = async (_db: AnyDatabase, script: string): Promise<void> => {
    await pglite.exec(script);
  };
  return {
    kind: 'pglite',
    db,
    withLock: (_key, fn) => db.connection().execute((connection) => fn(createSession(connection, runScript))),
    scopedTransaction: plainScopedTransaction(db),
    scopedStatements: plainScopedTransaction(db),
    ping: () => ping(db),
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
