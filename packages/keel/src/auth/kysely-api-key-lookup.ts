import { sql } from 'kysely';
import type { AnyDatabase } from '../database/index.ts';
import type { ApiKeyLookup, StoredApiKey } from './api-key-verifier.ts';

export interface ApiKeyTable {
  /** The table, optionally schema-qualified (`api_keys`, `integrations.api_keys`). */
  readonly table: string;
  readonly columns?: {
    readonly id?: string;
    readonly hash?: string;
    readonly tenant?: string;
    readonly revokedAt?: string;
  };
}

/**
 * The API key lookup the runtime uses: one indexed read of the scheme's table by hash. It reads as the connecting role,
 * before any tenant is known, so it must not run inside a row-level-security transaction.
 *
 * @example
 * const findApiKey = kyselyApiKeyLookup(database.db, { table: 'api_keys' });
 */
/** A key row as the query names its columns; ids and tenants may be uuids, text or numbers. */
interface StoredRow {
  readonly id: string | number;
  readonly hash: string;
  readonly tenant: string | number | null;
  readonly revoked_at: Date | string | null;
}

export function kyselyApiKeyLookup(db: AnyDatabase, options: ApiKeyTable): ApiKeyLookup {
  const id = options.columns?.id ?? 'id';
  const hash = options.columns?.hash ?? 'hash';
  const tenant = options.columns?.tenant ?? 'org_id';
  const revokedAt = options.columns?.revokedAt ?? 'revoked_at';
  return async (value) => {
    const row = (await db
      .selectFrom(options.table)
      .select([
        sql.ref(id).as('id'),
        sql.ref(hash).as('hash'),
        sql.ref(tenant).as('tenant'),
        sql.ref(revokedAt).as('revoked_at'),
      ])
      .where(sql.ref(hash), '=', value)
      .limit(1)
      .executeTakeFirst()) as StoredRow | undefined;
    if (row === undefined) return undefined;
    const stored: StoredApiKey = {
      id: String(row.id),
      tenant: row.tenant === null ? undefined : String(row.tenant),
      revoked: isRevoked(row.revoked_at),
      hash: row.hash,
    };
    return stored;
  };
}

/** A revocation time in the future (a key scheduled to stop working) is not a revocation yet. */
function isRevoked(revokedAt: StoredRow['revoked_at']): boolean {
  if (revokedAt === null) return false;
  const at = revokedAt instanceof Date ? revokedAt : new Date(revokedAt);
  return Number.isNaN(at.getTime()) || at.getTime() <= Date.now();
}
