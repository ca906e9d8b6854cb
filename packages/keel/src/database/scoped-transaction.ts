import { CompiledQuery, SingleConnectionProvider, sql, Transaction, type Dialect, type Driver } from 'kysely';
import pg from 'pg';
import type { AnyDatabase, AnyTransaction } from './database.ts';

/** Configuration parameters a transaction sets for its own duration, e.g. `['keel.tenant', orgId]`. */
export type TransactionSettings = readonly (readonly [name: string, value: string])[];

/** Runs fn in a transaction with settings of its own; see {@link Database.scopedTransaction}. */
export type ScopedTransaction = <T>(
  settings: TransactionSettings,
  fn: (trx: AnyTransaction) => Promise<T>,
) => Promise<T>;

/**
 * `select set_config(name, value, true), …` with names and values written as SQL literals (node-postgres'
 * `escapeLiteral`, which doubles quotes and backslashes), so it can travel in one simple-protocol message with BEGIN.
 */
export function setConfigStatement(settings: TransactionSettings): string {
  const calls = settings.map(
    ([name, value]) => `set_config(${pg.escapeLiteral(name)}, ${pg.escapeLiteral(value)}, true)`,
  );
  return `select ${calls.join(', ')}`;
}

/**
 * A transaction on PostgreSQL whose BEGIN and settings go to the server as one message (two statements in the simple
 * query protocol): a request under row-level security then pays one round trip before its first query, not two.
 * Otherwise it is Kysely's own transaction: committed when fn resolves, rolled back when it throws, and a COMMIT the
 * server turned into a rollback (an earlier statement failed) surfaces as Kysely's AbortedTransactionError.
 */
export function postgresScopedTransaction(db: AnyDatabase, dialect: Dialect, driver: Driver): ScopedTransaction {
  return (settings, fn) =>
    db.getExecutor().provideConnection(async (connection) => {
      const executor = db.getExecutor().withConnectionProvider(new SingleConnectionProvider(connection));
      const trx: AnyTransaction = new Transaction({ config: { dialect }, dialect, driver, executor });
      const begin = settings.length === 0 ? 'begin' : `begin; ${setConfigStatement(settings)}`;
      try {
        await connection.executeQuery(CompiledQuery.raw(begin));
      } catch (error) {
        // BEGIN ran but a setting failed: the transaction is open and aborted, so end it before the connection goes back.
        await driver.rollbackTransaction(connection).catch(() => undefined);
        throw error;
      }
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(trx);
      } catch (error) {
        await driver.rollbackTransaction(connection);
        throw error;
      }
      await driver.commitTransaction(connection);
      return result;
    });
}

/** The same on a driver without a multi-statement protocol (PGlite, in process): BEGIN, then the settings. */
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
