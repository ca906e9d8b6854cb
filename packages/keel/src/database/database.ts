import type { Kysely, Transaction } from 'kysely';
import type { ScopedStatements, ScopedTransaction } from './scoped-transaction.ts';

/**
 * Keel does not know a project's tables, so its handle is untyped; a project narrows it with its own
 * `Kysely<DB>` (e.g. `database.db as Kysely<DB>`). This alias keeps the `any` in one place.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDatabase = Kysely<any>;
/** A transaction on {@link AnyDatabase}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransaction = Transaction<any>;

export type DatabaseKind = 'postgres' | 'pglite';

/** Statements on one connection: Kysely queries, and scripts of several statements (migrations, seeds). */
export interface SessionTransaction {
  /** A handle bound to this connection (inside a transaction: the transaction). */
  readonly db: AnyDatabase;
  /** Runs SQL text that may hold several statements, with no parameters. */
  execScript(script: string): Promise<void>;
}

/** One dedicated connection, held under a lock for as long as `withLock`'s callback runs. */
export interface Session extends SessionTransaction {
  /** Runs fn in a transaction on this connection: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (trx: SessionTransaction) => Promise<T>): Promise<T>;
}

/** Connections of a pool: open in all, idle among them, requests waiting for one, and the most it opens. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

/**
 * An open database: a PostgreSQL server through a pool, or embedded PGlite.
 *
 * @example
 * const database = await openDatabase({ url: process.env.DATABASE_URL });
 * const rows = await database.db.selectFrom('widgets').selectAll().execute();
 * await database.close();
 */
export interface Database {
  readonly kind: DatabaseKind;
  /** The handle handlers and Keel use. */
  readonly db: AnyDatabase;
  /**
   * Runs fn on one dedicated connection while holding a lock named by `key`. On PostgreSQL the lock is
   * `pg_advisory_lock(key)`, so it serialises processes too; on PGlite the single connection is the lock.
   * On PGlite, fn must use the session, not `db`: `db` waits for the connection the session holds.
   */
  withLock<T>(key: bigint, fn: (session: Session) => Promise<T>): Promise<T>;
  /**
   * Runs fn in a transaction on the pool with configuration parameters set for its duration (`set_config(name, value,
   * true)`: what row-level security policies read). On PostgreSQL, BEGIN and the settings travel with the first
   * statement, in its round trip; a fn that runs no statement opens no transaction (decision record 0014).
   */
  readonly scopedTransaction: ScopedTransaction;
  /**
   * Runs fn with a handle whose every statement carries the settings: on PostgreSQL, each statement in one round trip
   * with the settings ahead of it and no transaction around them (a read's statements; decision record 0014). On
   * PGlite, as {@link scopedTransaction}.
   */
  readonly scopedStatements: ScopedStatements;
  /** `select 1`; throws `KEEL_DATABASE_UNAVAILABLE` when the database does not answer. */
  ping(): Promise<void>;
  /** The connection pool as it stands, for `/metrics`; absent for PGlite, which has one connection and no pool. */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}
