import pg from 'pg';

/** A statement sent ahead of a query in the same batch, whose result is not wanted: `begin`, the settings. */
export interface Prelude {
  readonly text: string;
  /** Sent as text, as they are. */
  readonly values: readonly string[];
}

/** The part of node-postgres' connection a query writes its protocol messages with (pg 8, lib/connection.js). */
interface ProtocolConnection {
  parse(message: { text: string; name: string; types: unknown[] }): void;
  bind(message: { portal: string; statement: string; values: readonly string[]; binary: boolean }): void;
  execute(message: { portal: string; rows: number }): void;
}

/** node-postgres' `Query` with the members a subclass extends (pg 8, lib/query.js); they are not in its typings. */
interface QueryInternals {
  queryMode: string | undefined;
  prepare(connection: ProtocolConnection): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: ProtocolConnection): void;
}

export type QueryCallback = (error: Error | null, result: pg.QueryResult) => void;

const Query = pg.Query as unknown as new (text: string, values: unknown[], callback: QueryCallback) => QueryInternals;

/**
 * A query whose preludes go to PostgreSQL in the same write and the same batch of the extended protocol (decision
 * record 0014): Parse, Bind and Execute for each prelude, then the query's own Parse, Bind, Describe and Execute, then
 * one Sync. Until that Sync the statements share one implicit transaction, so `set_config(…, true)` in a prelude holds
 * for the query and ends with it, unless a prelude began a transaction, which then stays open. An error in any of them
 * skips to the Sync and fails the query. The preludes' rows and completions are skipped: the caller sees the query's
 * result alone.
 */
class PrefixedQuery extends Query {
  readonly #preludes: readonly Prelude[];
  #unanswered: number;

  constructor(preludes: readonly Prelude[], text: string, values: unknown[], callback: QueryCallback) {
    super(text, values, callback);
    this.#preludes = preludes;
    this.#unanswered = preludes.length;
    // Through Parse and Bind even without parameters: the simple protocol could not carry the preludes with it.
    this.queryMode = 'extended';
  }

  override prepare(connection: ProtocolConnection): void {
    for (const prelude of this.#preludes) {
      connection.parse({ text: prelude.text, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: prelude.values, binary: false });
      connection.execute({ portal: '', rows: 0 });
    }
    super.prepare(connection);
  }

  override handleDataRow(message: unknown): void {
    if (this.#unanswered === 0) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: ProtocolConnection): void {
    if (this.#unanswered > 0) this.#unanswered -= 1;
    else super.handleCommandComplete(message, connection);
  }
}

/**
 * Runs `text` on `client` with `preludes` ahead of it in one round trip; `done` gets the query's own result. node-postgres
 * queues it as a Submittable and calls its `submit`, as it does for its own queries.
 */
export function queryWithPreludes(
  client: pg.ClientBase,
  preludes: readonly Prelude[],
  text: string,
  values: readonly unknown[],
  done: QueryCallback,
): void {
  void client.query(new PrefixedQuery(preludes, text, values as unknown[], done) as unknown as pg.Submittable);
}
