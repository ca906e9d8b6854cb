import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { KeelError } from '../errors/index.ts';
import type { HandlerResult } from './handler.ts';

/** Keel's store of Idempotency-Key responses, created at start-up beside the migrations table. */
export const idempotencyTableSql = `
create schema if not exists keel;
create table if not exists keel.idempotency_keys (
  scope text not null,
  key text not null,
  fingerprint text not null,
  status integer,
  headers jsonb,
  body text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (scope, key)
);
create index if not exists idempotency_keys_expires_at on keel.idempotency_keys (expires_at);
`;

/** Keys longer than this, or with control characters, are refused before they reach the store. */
const keyPattern = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentRequest {
  /** Keys are scoped to an operation (and, with authentication, a principal). */
  readonly scope: string;
  readonly key: string;
  /** Method, path and body: the same key with a different fingerprint is refused. */
  readonly fingerprint: string;
  readonly ttlSeconds: number;
}

export interface IdempotentOutcome {
  readonly result: HandlerResult;
  readonly replayed: boolean;
}

/** Thrown to roll the transaction back while still answering with the handler's (5xx) result. */
class RollbackWith extends Error {
  readonly result: HandlerResult;
  constructor(result: HandlerResult) {
    super('rolled back: the handler answered with a server error');
    this.result = result;
  }
}

export function validIdempotencyKey(key: string): boolean {
  return keyPattern.test(key);
}

/** SHA-256 of the method, path and body with object keys sorted, so key order does not matter. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n`)
    .update(stableStringify(body) ?? '')
    .digest('hex');
}

/**
 * Runs a handler at most once per key. The key's row is inserted in the same transaction as the handler's writes, so
 * a concurrent duplicate blocks on the row until the first commits, then replays its response: duplicates are
 * serialised by PostgreSQL's unique index, not by polling. A failure (an exception or a 5xx) rolls everything back,
 * so the client may retry with the same key.
 */
export async function runIdempotent(
  db: Kysely<unknown>,
  request: IdempotentRequest,
  run: (db: Kysely<unknown>) => Promise<HandlerResult>,
): Promise<IdempotentOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await sql<{ key: string }>`
          insert into keel.idempotency_keys (scope, key, fingerprint, expires_at)
          values (${request.scope}, ${request.key}, ${request.fingerprint},
                  now() + make_interval(secs => ${request.ttlSeconds}))
          on conflict (scope, key) do nothing
          returning key`.execute(trx);
        if (inserted.rows.length === 1) {
          const result = await run(trx);
          if (result.status >= 500) throw new RollbackWith(result);
          await sql`
            update keel.idempotency_keys
               set status = ${result.status},
                   headers = ${JSON.stringify(result.headers ?? {})}::jsonb,
                   body = ${result.body === undefined ? null : JSON.stringify(result.body)}
             where scope = ${request.scope} and key = ${request.key}`.execute(trx);
          return { result, replayed: false };
        }
        const stored = await sql<{
          fingerprint: string;
          status: number | null;
          headers: Record<string, string> | null;
          body: string | null;
          expired: boolean;
        }>`
          select fingerprint, status, headers, body, expires_at < now() as expired
            from keel.idempotency_keys
           where scope = ${request.scope} and key = ${request.key}`.execute(trx);
        const row = stored.rows[0];
        if (row === undefined) continue;
        if (row.expired) {
          await sql`delete from keel.idempotency_keys
                     where scope = ${request.scope} and key = ${request.key} and expires_at < now()`.execute(trx);
          continue;
        }
        if (row.fingerprint !== request.fingerprint) {
          throw new KeelError(
            'KEEL_IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a request with a different method, path or body.',
          );
        }
        if (row.status === null) {
          throw new KeelError('KEEL_IDEMPOTENCY_IN_PROGRESS', 'The first request with this key has not finished.');
        }
        return {
          result: {
            status: row.status,
            headers: row.headers ?? {},
            ...(row.body === null ? {} : { body: JSON.parse(row.body) as unknown }),
          },
          replayed: true,
        };
      }
      throw new KeelError('KEEL_IDEMPOTENCY_IN_PROGRESS', 'The key is being taken over by another request.');
    });
  } catch (error) {
    if (error instanceof RollbackWith) return { result: error.result, replayed: false };
    throw error;
  }
}

/** Removes expired keys; run now and then, never on the request path. */
export async function purgeExpiredIdempotencyKeys(db: Kysely<unknown>): Promise<number> {
  const deleted = await sql`delete from keel.idempotency_keys where expires_at < now()`.execute(db);
  return Number(deleted.numAffectedRows ?? 0n);
}

function stableStringify(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item) ?? 'null').join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, child]) => child !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, child]) => `${JSON.stringify(key)}:${stableStringify(child) ?? 'null'}`);
  return `{${entries.join(',')}}`;
}
