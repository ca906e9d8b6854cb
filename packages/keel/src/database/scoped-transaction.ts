import {
  AbortedTransactionError,
  CompiledQuery,
  DefaultQueryExecutor,
  SingleConnectionProvider,
  sql,
  Transaction,
  type ConnectionProvider,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import { KeelError } from '../errors/index.ts';
import type { AnyDatabase, AnyTransaction } from './database.ts';
import { directKysely } from './direct-query-executor.ts';
import { poolQueryRunner, runOnClient } from './pool-query-runner.ts';
import type { Prelude } from './prefixed-query.ts';

/** Configuration parameters a transaction sets for its own duration, e.g. `['keel.tenant', orgId]`. */
export type TransactionSettings = readonly (readonly [name: string, value: string])[];

/** Runs fn in a transaction with settings of its own; see {@link Database.scopedTransaction}. */
export type ScopedTransaction = <T>(
  settings: TransactionSettings,
  fn: (trx: AnyTransaction) => Promise<T>,
) => Promise<T>;

/** Runs fn with a handle whose statements each carry the settings; see {@link Database.scopedStatements}. */
export type ScopedStatements = <T>(settings: TransactionSettings, fn: (db: AnyDatabase) => Promise<T>) => Promise<T>;

/** The settings as one parameterised statement, `select set_config($1, $2, true), …`: no value needs escaping. */
export function settingsPrelude(settings: TransactionSettings): Prelude {
  const calls = settings.map((_, index) => `set_config($${2 * index + 1}, $${2 * index + 2}, true)`);
  return { text: `select ${calls.join(', ')}`, values: settings.flatMap(([name, value]) => [name, value]) };
}

const begin: Prelude = { text: 'begin', values: [] };

/**
 * Runs fn with a handle whose every statement carries the settings (decision record 0014): each goes to PostgreSQL on a
 * pool connection in one round trip with `set_config(…, true)` ahead of it in the same batch, in an implicit
 * transaction of its own, so the settings hold for that statement alone. No BEGIN, no COMMIT: for reads, whose
 * statements each take their own snapshot under READ COMMITTED anyway.
 */
export function postgresScopedStatements(pool: pg.Pool, dialect: Dialect, driver: Driver): ScopedStatements {
  return (settings, fn) => {
    const preludes = settings.length === 0 ? [] : [settingsPrelude(settings)];
    // Statements go straight to the pool; `connection()` and `transaction()` take a connection that prepends the
    // settings too, so no way through the handle runs a statement without them.
    return fn(
      directKysely(dialect, driver, poolQueryRunner(pool, preludes), new PreludeConnectionProvider(pool, preludes)),
    );
  };
}

/** Pool connections whose statements each carry the preludes, except those that open or close a transaction. */
class PreludeConnectionProvider implements ConnectionProvider {
  readonly #pool: pg.Pool;
  readonly #preludes: readonly Prelude[];

  constructor(pool: pg.Pool, preludes: readonly Prelude[]) {
    this.#pool = pool;
    this.#preludes = preludes;
  }

  async provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      return await consumer(new PreludeConnection(client, this.#preludes));
    } finally {
      // As Kysely's own provider: a client whose connection died is dropped by the pool when it ends.
      client.release();
    }
  }
}

/**
 * BEGIN, COMMIT, ROLLBACK and savepoints as Kysely sends them. They go without preludes: a ROLLBACK must run in an
 * aborted transaction, where the settings statement would fail; the statements inside carry the settings themselves.
 */
const transactionControl = /^\s*(begin|start transaction|commit|rollback|savepoint|release)\b/i;

class PreludeConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;
  readonly #preludes: readonly Prelude[];

  constructor(client: pg.PoolClient, preludes: readonly Prelude[]) {
    this.#client = client;
    this.#preludes = preludes;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const preludes = transactionControl.test(compiledQuery.sql) ? [] : this.#preludes;
    return runOnClient<R>(this.#client, preludes, compiledQuery);
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    return refuseStreaming();
  }
}

/**
 * A transaction on PostgreSQL begun by its first statement (decision record 0014): BEGIN and the settings travel in the
 * same batch as that statement, so a request under row-level security pays no round trip before its first query, and
 * a handler that runs no statement opens no transaction. Committed when fn resolves, rolled back when it throws; a
 * COMMIT the server turned into a rollback (an earlier statement failed) surfaces as Kysely's AbortedTransactionError.
 */
export function postgresScopedTransaction(pool: pg.Pool, dialect: Dialect, driver: Driver): ScopedTransaction {
  return async (settings, fn) => {
    const client = await pool.connect();
    const connection = new LazyTransactionConnection(
      client,
      settings.length === 0 ? [begin] : [begin, settingsPrelude(settings)],
    );
    const executor = new DefaultQueryExecutor(
      dialect.createQueryCompiler(),
      dialect.createAdapter(),
      new SingleConnectionProvider(connection),
    );
    const trx: AnyTransaction = new Transaction({ config: { dialect }, dialect, driver, executor });
    // A connection that failed its ROLLBACK or COMMIT is in no known state: the pool closes it instead of reusing it.
    // The handler's own errors (a KeelError, a refused statement) leave it healthy.
    let broken: Error | undefined;
    const end = async (command: 'commit' | 'rollback') => {
      try {
        return await runOnClient<{ command?: string }>(client, [], CompiledQuery.raw(command));
      } catch (error) {
        if (isConnectionError(error)) broken = error;
        throw error;
      }
    };
    try {
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(trx);
      } catch (error) {
        if (connection.begun) await end('rollback');
        throw error;
      }
      if (connection.begun) {
        const { rows } = await end('commit');
        // PostgreSQL completes COMMIT with a ROLLBACK tag when an earlier statement left the transaction aborted.
        if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
      }
      return result;
    } finally {
      client.release(broken);
    }
  };
}

/** One pool client inside a request's transaction: the first statement carries BEGIN and the settings. */
class LazyTransactionConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;
  readonly #opening: readonly Prelude[];
  begun = false;

  constructor(client: pg.PoolClient, opening: readonly Prelude[]) {
    this.#client = client;
    this.#opening = opening;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const preludes = this.begun ? [] : this.#opening;
    this.begun = true;
    return runOnClient<R>(this.#client, preludes, compiledQuery);
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    return refuseStreaming();
  }
}

/** Kysely streams through a cursor the dialect is not given; a request's handle says so in Keel's terms. */
function refuseStreaming(): never {
  throw new KeelError('KEEL_STREAMING_UNSUPPORTED', "A request's database handle does not stream query results.");
}

/** Only a lost connection, not a statement the server refused, makes a client unfit to go back to the pool. */
function isConnectionError(error: unknown): error is Error {
  return error instanceof Error && !('severity' in error);
}

/** The same on a driver with no round trips to save (PGlite, in process): BEGIN, then the settings, for both shapes. */
export function plainScopedTransaction(db: AnyDatabase): ScopedTransaction {
  return (settings, fn) =>
    db.transaction().execute(async (trx) => {
      await applySettings(trx, settings);
      return fn(trx);
    });
}

/** Sets the settings on a transaction already begun, as parameters (one statement; nothing when there are none). */
export async function applySettings(trx: AnyDatabase, settings: TransactionSettings): Promise<void> {
  if (settings.length === 0) return;
  await sql`select ${sql.join(settings.map(([name, value]) => sql`set_config(${name}, ${value}, true)`))}`.execute(trx);
}
