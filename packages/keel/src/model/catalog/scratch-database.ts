import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, redactUrl, type Database } from '../../database/index.ts';
import { describeError } from '../../database/database-errors.ts';
import { KeelError } from '../../errors/index.ts';
import { timed, type PhaseTimings } from '../proof-timings.ts';
import { startScratchPGlite } from './scratch-pglite.ts';

export interface ScratchDatabaseOptions {
  /** A PostgreSQL server (any database on it): a fresh database is created there. Otherwise PGlite in memory. */
  readonly databaseUrl?: string | undefined;
  /** Extensions PGlite must load (a server has its own). */
  readonly extensions: readonly string[];
  /** Where the time goes (benchmarks): starting the database, closing (and dropping) it. */
  readonly timings?: PhaseTimings | undefined;
}

/**
 * Runs fn on an empty database of its own: PGlite in memory, or a uniquely named database on the server at
 * `databaseUrl`, dropped afterwards whether fn succeeds or not.
 */
export async function withScratchDatabase<T>(
  options: ScratchDatabaseOptions,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const { timings } = options;
  if (options.databaseUrl === undefined || options.databaseUrl === '') {
    const database = await timed(timings, 'start database', () => startScratchPGlite(options.extensions));
    return useAndClose(database, fn, timings);
  }
  const serverUrl = options.databaseUrl;
  const name = `keel_scratch_${process.pid}_${randomBytes(4).toString('hex')}`;
  const drop = `drop database if exists "${name}" with (force)`;
  const started = performance.now();
  await onServer(serverUrl, `create database "${name}"`, 'create a scratch database');
  let result: T;
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString(), poolSize: 2 });
    timings?.add('start database', performance.now() - started);
    result = await useAndClose(database, fn, timings);
  } catch (error) {
    await onServer(serverUrl, drop, 'drop').catch(() => undefined);
    throw error;
  }
  await timed(timings, 'close database', () => onServer(serverUrl, drop, `drop the scratch database ${name}`));
  return result;
}

async function useAndClose<T>(
  database: Database,
  fn: (database: Database) => Promise<T>,
  timings: PhaseTimings | undefined,
): Promise<T> {
  try {
    return await fn(database);
  } finally {
    await timed(timings, 'close database', () => database.close());
  }
}

/** One statement on the server's maintenance connection (the database of the given URL). */
async function onServer(url: string, statement: string, purpose: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(statement);
  } catch (error) {
    throw new KeelError(
      'KEEL_DATABASE_UNREACHABLE',
      `cannot ${purpose} on ${redactUrl(url)}: ${describeError(error)}`,
      {
        fix: 'Check the URL and that the server is running; its user needs the CREATEDB privilege for scratch databases.',
        cause: error,
      },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
