import { KeelError } from 'keel';
import { sql, type Kysely } from 'kysely';
import {
  decodeCursor,
  pageOf,
  timestampText,
  uuidText,
  type DB,
  type HandlersFor,
  type Schemas,
} from '../shared/index.ts';
import { issueApiKey } from './api-key.ts';

interface ApiKeyRow {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly created_at: Date;
  readonly last_used_at: Date | null;
  readonly revoked_at: Date | null;
}

/** Never the hash: the columns a listing shows (BR-KEY-1). */
const shown = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

const toApiKey = (row: ApiKeyRow): Schemas['ApiKey'] => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** R-KEY-1 to R-KEY-3: issuing an API key (its secret shown once), listing the keys, revoking one. */
export const apiKeyHandlers: HandlersFor<'createApiKey' | 'listApiKeys' | 'revokeApiKey'> = {
  async createApiKey({ params, body, db, principal }) {
    if (principal?.id === undefined)
      throw new KeelError('KEEL_INTERNAL', 'createApiKey is for admins, who are signed in');
    const issued = issueApiKey();
    const row = await db
      .insertInto('api_keys')
      .values({
        org_id: params.orgId,
        name: body.name,
        prefix: issued.prefix,
        hash: issued.hash,
        created_by: principal.id,
      })
      .returning(shown)
      .executeTakeFirstOrThrow();
    return {
      status: 201,
      headers: { location: `/v1/orgs/${params.orgId}/api-keys/${row.id}` },
      body: {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        createdAt: row.created_at.toISOString(),
        key: issued.secret,
      },
    };
  },

  async listApiKeys({ params, query, db, problem }) {
    const limit = query.limit ?? 20;
    let select = db
      .selectFrom('api_keys')
      .select(shown)
      .select(sql<string>`created_at::text`.as('cursor_at'))
      .where('org_id', '=', params.orgId);
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor, [timestampText, uuidText]);
      if (after === undefined) return problem(400, 'INVALID_CURSOR', 'The cursor is not one this API returned.');
      const [createdAt, id] = [sql<Date>`cast(${after[0]} as timestamptz)`, after[1] as string];
      select = select.where((eb) =>
        eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]),
      );
    }
    const rows = await select
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return { status: 200, body: pageOf(rows, limit, toApiKey, (row) => [row.cursor_at, row.id]) };
  },

  async revokeApiKey({ params, db, problem }) {
    // BR-KEY-2: Keel looks keys up on every request, so the key is refused from the next one.
    const { rows } = await sql<{ revoked: boolean }>`
      select revoke_api_key(${params.orgId}, ${params.keyId}) as revoked`.execute(db);
    if (rows[0]?.revoked !== true) return problem(404, 'KEEL_NOT_FOUND', 'No such API key in this organisation.');
    return { status: 204 };
  },
};

/**
 * Records when the calling API key was last used (R-KEY-2), at most once a minute per key; nothing for a member. Called
 * by the operations open to integrations.
 */
export async function recordApiKeyUse(db: Kysely<DB>, scheme: string | undefined): Promise<void> {
  if (scheme === 'apiKey') await sql`select record_api_key_use()`.execute(db);
}
