import { sql } from 'kysely';
import { organisationExists } from '../organisations/index.ts';
import {
  decodeCursor,
  encodeCursor,
  timestampText,
  uuidText,
  type HandlersFor,
  type ResourceRow,
  type Schemas,
} from '../shared/index.ts';

const toResource = (row: ResourceRow): Schemas['Resource'] => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  description: row.description,
  createdAt: row.created_at.toISOString(),
});

/** R-RES-1, R-RES-2 and R-RES-3: adding a resource, listing them oldest first, reading one. */
export const resourceHandlers: HandlersFor<'createResource' | 'listResources' | 'getResource'> = {
  async createResource({ params, body, db, problem }) {
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    const row = await db
      .insertInto('resources')
      .values({ org_id: params.orgId, name: body.name, description: body.description ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      status: 201,
      body: toResource(row),
      headers: { location: `/v1/orgs/${params.orgId}/resources/${row.id}` },
    };
  },

  async listResources({ params, query, db, problem }) {
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    const limit = query.limit ?? 20;
    let select = db.selectFrom('resources').selectAll().where('org_id', '=', params.orgId);
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor, [timestampText, uuidText]);
      if (after === undefined) return problem(400, 'INVALID_CURSOR', 'The cursor is not one this API returned.');
      const [createdAt, id] = [sql<Date>`cast(${after[0]} as timestamptz)`, after[1] as string];
      select = select.where((eb) =>
        eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]),
      );
    }
    const rows = await select
      .select(sql<string>`created_at::text`.as('cursor_at'))
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      status: 200,
      body: {
        items: page.map(toResource),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor([last.cursor_at, last.id]) : null,
      },
    };
  },

  async getResource({ params, db, problem }) {
    const row = await db
      .selectFrom('resources')
      .selectAll()
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.resourceId)
      .executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such resource in this organisation.');
    return { status: 200, body: toResource(row) };
  },
};
