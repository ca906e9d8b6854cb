import { PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { KeelError } from '../errors/index.ts';
import { describeError } from './database-errors.ts';
import type { Database } from './database.ts';
import { directKysely } from './direct-query-executor.ts';
import { ping } from './ping.ts';
import { poolQueryRunner } from './pool-query-runner.ts';
import { postgresScopedStatements, postgresScopedTransaction } from './scoped-transaction.ts';
import { createSession, type ScriptRunner } from './session.ts';

export interface PostgresOptions {
  /** Most connections the pool opens; defaults to the URL's `?pool=`, else 10. */
  readonly poolSize?: number | undefined;
}

/** Without parameters node-postgres uses the simple query protocol, which accepts several statements. */
const runScript: ScriptRunner = async (db, script) => {
  await sql.raw(script).execute(db);
};

/** Opens a pool on a PostgreSQL server and checks that the server answers. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const { connectionString, poolSize } = poolSettings(url, options.poolSize);
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5000 });
  // A server restart kills idle clients; the pool drops them and the next query connects again. Without these
  // listeners the 'error' event would have no handler and end the process.
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new KeelError('KEEL_DATABASE_UNREACHABLE', `cannot connect to ${redactUrl(url)}: ${describeError(error)}`, {
      cause: error,
    });
  }
  const dialect = new PostgresDialect({ pool });
  const driver = dialect.createDriver();
  await driver.init();
  const db = directKysely(dialect, driver, poolQueryRunner(pool));
  return {
    kind: 'postgres',
    db,
    withLock: (key, fn) =>
      db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${key.toString()}::bigint)`.execute(connection);
        try {
          return await fn(createSession(connection, runScript));
        } finally {
          // Only fails when the connection is gone, and then the server has released the lock with it.
          await sql`select pg_advisory_unlock(${key.toString()}::bigint)`.execute(connection).catch(ignore);
        }
      }),
    scopedTransaction: postgresScopedTransaction(pool, dialect, driver),
    scopedStatements: postgresScopedStatements(pool, dialect, driver),
    ping: () => ping(db),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    async close() {
      await db.destroy();
      if (!pool.ending && !pool.ended) await pool.end();
    },
  };
}

/** The URL with its password replaced, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '(a database URL that could not be parsed)';
  }
}

function poolSettings(url: string, poolSize: number | undefined): { connectionString: string; poolSize: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KeelError('KEEL_CONFIG_INVALID', `the database URL ${redactUrl(url)} is not a URL`, {
      fix: 'Give a URL such as postgres://user:password@host:5432/database.',
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new KeelError('KEEL_CONFIG_INVALID', `the database URL ${redactUrl(url)} is not a postgres:// URL`, {
      fix: 'Give a URL such as postgres://user:password@host:5432/database.',
    });
  }
  const fromUrl = parsed.searchParams.get('pool');
  // `pool` is Keel's, not node-postgres'.
  if (fromUrl !== null) parsed.searchParams.delete('pool');
  const size = poolSize ?? (fromUrl === null ? 10 : Number(fromUrl));
  if (!Number.isInteger(size) || size < 1) {
    throw new KeelError(
      'KEEL_CONFIG_INVALID',
      `the database pool size must be a whole number of 1 or more, not ${size}`,
      {
        fix: 'Set ?pool=N in the database URL to the most connections the service may open.',
      },
    );
  }
  return { connectionString: fromUrl === null ? url : parsed.toString(), poolSize: size };
}

function ignore(): void {}
