import type { CompiledQuery, QueryResult } from 'kysely';
import type pg from 'pg';
import type { RunQuery } from './direct-query-executor.ts';
import { queryWithPreludes, type Prelude } from './prefixed-query.ts';

const changeCommands = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * Runs a query on a client checked out of the pool, as Kysely's PostgreSQL driver does, in one promise: node-postgres'
 * callbacks underneath instead of a chain of async functions. With preludes (the request's settings, decision record
 * 0014), they go ahead of the query in the same round trip. A failed query keeps its client (only the connection
 * failing ends one), and its error's stack is extended with the caller's, as Kysely does. Every checkout runs under the
 * pool's connection timeout (node-postgres sets and clears a timer for it); skipping that timer saved 1% of a request's
 * instructions, too little for reaching into the pool's options.
 */
export function poolQueryRunner(pool: pg.Pool, preludes: readonly Prelude[] = []): RunQuery {
  return async <R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> => {
    try {
      return await new Promise<QueryResult<R>>((resolve, reject) => {
        pool.connect((connectError: Error | undefined, client: pg.PoolClient | undefined, release: () => void) => {
          if (connectError !== undefined && connectError !== null) {
            reject(connectError);
            return;
          }
          if (client === undefined) {
            reject(new Error('the pool gave no client'));
            return;
          }
          send(client, preludes, compiledQuery, (queryError, result) => {
            release();
            if (queryError === undefined || queryError === null) resolve(toQueryResult<R>(result));
            else reject(queryError);
          });
        });
      });
    } catch (error) {
      throw extendStack(error);
    }
  };
}

/** Runs a query, with its preludes if any, on a client the caller holds (a request's transaction). */
export async function runOnClient<R>(
  client: pg.ClientBase,
  preludes: readonly Prelude[],
  compiledQuery: CompiledQuery,
): Promise<QueryResult<R>> {
  try {
    return await new Promise<QueryResult<R>>((resolve, reject) => {
      send(client, preludes, compiledQuery, (queryError, result) => {
        if (queryError === undefined || queryError === null) resolve(toQueryResult<R>(result));
        else reject(queryError);
      });
    });
  } catch (error) {
    throw extendStack(error);
  }
}

/** The query, with its preludes ahead of it in the same round trip when there are any. */
function send(
  client: pg.ClientBase,
  preludes: readonly Prelude[],
  compiledQuery: CompiledQuery,
  done: (error: Error | undefined | null, result: pg.QueryResult) => void,
): void {
  if (preludes.length === 0) client.query(compiledQuery.sql, compiledQuery.parameters as unknown[], done);
  else queryWithPreludes(client, preludes, compiledQuery.sql, compiledQuery.parameters, done);
}

function toQueryResult<R>(result: pg.QueryResult): QueryResult<R> {
  const rows = (result.rows ?? []) as R[];
  if (result.command === 'COMMIT' || result.command === 'ROLLBACK')
    return { rows: [{ command: result.command }] as R[] };
  return changeCommands.has(result.command) ? { numAffectedRows: BigInt(result.rowCount ?? 0), rows } : { rows };
}

/** Appends the stack of the code that ran the query to the error's, which otherwise ends inside node-postgres. */
function extendStack(error: unknown): unknown {
  if (error instanceof Error && typeof error.stack === 'string') {
    const caller = new Error().stack;
    if (caller !== undefined) error.stack += caller.slice(caller.indexOf('\n'));
  }
  return error;
}
