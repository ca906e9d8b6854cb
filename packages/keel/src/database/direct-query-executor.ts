import {
  DefaultConnectionProvider,
  DefaultQueryExecutor,
  Kysely,
  type AbortableQueryOptions,
  type CompiledQuery,
  type ConnectionProvider,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { AnyDatabase } from './database.ts';

/** Runs one compiled query on a connection of its own, and gives the connection back. */
export type RunQuery = <R>(compiledQuery: CompiledQuery) => Promise<QueryResult<R>>;

/**
 * Kysely's executor with a short path for what handlers do most: one query on the pool, outside a transaction, with
 * no plugin and no abort signal. Kysely's own path takes the connection through five layers of async functions (its
 * runtime driver, connection provider, executor base and the dialect's driver), each adding promises and microtask
 * turns; `run` goes to the driver directly. Anything else (plugins, signals, transactions, `connection()`) gets
 * Kysely's executor, since `withPlugin` and `withConnectionProvider` return a plain `DefaultQueryExecutor`.
 */
export class DirectQueryExecutor extends DefaultQueryExecutor {
  readonly #run: RunQuery;

  constructor(dialect: Dialect, driver: Driver, run: RunQuery, provider?: ConnectionProvider) {
    super(dialect.createQueryCompiler(), dialect.createAdapter(), provider ?? new DefaultConnectionProvider(driver));
    this.#run = run;
  }

  override executeQuery<R>(compiledQuery: CompiledQuery, options?: AbortableQueryOptions): Promise<QueryResult<R>> {
    if (options?.signal !== undefined) return super.executeQuery(compiledQuery, options);
    return this.#run(compiledQuery);
  }
}

/**
 * A Kysely handle whose executor reaches `driver` directly. The driver must be initialised already: Kysely's runtime
 * driver, which would otherwise do it on first use, is not in the way any more. `provider`, when given, is where the
 * longer path (transactions, `connection()`, plugins) takes its connections; by default, the driver.
 */
export function directKysely(
  dialect: Dialect,
  driver: Driver,
  run: RunQuery,
  provider?: ConnectionProvider,
): AnyDatabase {
  return new Kysely({
    config: { dialect },
    dialect,
    driver,
    executor: new DirectQueryExecutor(dialect, driver, run, provider),
  });
}

/** Runs each query on a connection acquired from the driver, for drivers with no shorter way. */
export function driverQueryRunner(driver: Driver): RunQuery {
  return async (compiledQuery) => {
    const connection = await driver.acquireConnection();
    try {
      return await connection.executeQuery(compiledQuery);
    } finally {
      await driver.releaseConnection(connection);
    }
  };
}
