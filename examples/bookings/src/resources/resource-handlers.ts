import { sql } from 'kysely';
import { recordApiKeyUse } from '../integrations/index.ts';
import { organisationExists } from '../organisations/index.ts';
import {
  decodeCursor,
  pageOf,
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
  archivedAt: row.archived_at?.toISOString() ?? null,
});

const notFound = 'No such resource in this organisation.';

/** R-RES-1 to R-RES-5: adding, listing oldest first, reading, changing and archiving resources. */
export const resourceHandlers: HandlersFor<
  'createResource' | 'listResources' | 'getResource' | 'updateResource' | 'archiveResource'
> = {
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

  async listResources({ params, query, db, principal, problem }) {
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    await recordApiKeyUse(db, principal?.scheme);
    const limit = query.limit ?? 20;
    let select = db.selectFrom('resources').selectAll().where('org_id', '=', params.orgId);
    if (query.archived !== true) select = select.where('archived_at', 'is', null);
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
    return { status: 200, body: pageOf(rows, limit, toResource, (row) => [row.cursor_at, row.id]) };
  },

  async getResource({ params, db, principal, problem }) {
    await recordApiKeyUse(db, principal?.scheme);
    const row = await db
      .selectFrom('resources')
      .selectAll()
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.resourceId)
      .executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', notFound);
    return { status: 200, body: toResource(row) };
  },

  async updateResource({ params, body, db, problem }) {
    const row = await db
      .updateTable('resources')
      .set({
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.description === undefined ? {} : { description: body.description }),
      })
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.resourceId)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', notFound);
    return { status: 200, body: toResource(row) };
  },

  async archiveResource({ params, db, problem }) {
    // BR-RES-1: archiving keeps the resource and its bookings; archiving it again keeps the first time.
    const row = await db
      .updateTable('resources')
      .set({ archived_at: sql<Date>`coalesce(archived_at, now())` })
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.resourceId)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', notFound);
    return { status: 200, body: toResource(row) };
  },
};
