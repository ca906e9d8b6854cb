import { sql } from 'kysely';
import { constraintViolation, defineHandlers } from 'keel';
import type { BookingRow, DB, OrganisationRow, ResourceRow } from './database.ts';
import { decodeCursor, encodeCursor, timestampText, uuidText } from './cursor.ts';
import type { components, operations } from './generated/openapi.ts';

type Schemas = components['schemas'];

const toOrganisation = (row: OrganisationRow): Schemas['Organisation'] => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  createdAt: row.created_at.toISOString(),
});

const toResource = (row: ResourceRow): Schemas['Resource'] => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  description: row.description,
  createdAt: row.created_at.toISOString(),
});

const toBooking = (row: BookingRow): Schemas['Booking'] => ({
  id: row.id,
  orgId: row.org_id,
  resourceId: row.resource_id,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  status: row.status,
  notes: row.notes,
  createdAt: row.created_at.toISOString(),
});

/** The handlers of the bookings API, one per operation of openapi.yaml. */
export const handlers = defineHandlers<operations, DB>()({
  async createOrganisation({ body, db, problem }) {
    try {
      const row = await db.insertInto('organisations').values(body).returningAll().executeTakeFirstOrThrow();
      return { status: 201, body: toOrganisation(row), headers: { location: `/v1/orgs/${row.id}` } };
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'organisations_slug_key') {
        return problem(409, 'ORGANISATION_SLUG_TAKEN', `The slug "${body.slug}" is already used.`);
      }
      throw error;
    }
  },

  async getOrganisation({ params, db, problem }) {
    const row = await db.selectFrom('organisations').selectAll().where('id', '=', params.orgId).executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    return { status: 200, body: toOrganisation(row) };
  },

  async createResource({ params, body, db, problem }) {
    const org = await db.selectFrom('organisations').select('id').where('id', '=', params.orgId).executeTakeFirst();
    if (org === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
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
    const org = await db.selectFrom('organisations').select('id').where('id', '=', params.orgId).executeTakeFirst();
    if (org === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
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

  async createBooking({ params, body, db, problem }) {
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
      return problem(422, 'BOOKING_EMPTY_RANGE', 'endsAt must be later than startsAt.');
    }
    const org = await db.selectFrom('organisations').select('id').where('id', '=', params.orgId).executeTakeFirst();
    if (org === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    const resource = await db
      .selectFrom('resources')
      .select('id')
      .where('org_id', '=', params.orgId)
      .where('id', '=', body.resourceId)
      .executeTakeFirst();
    if (resource === undefined) {
      return problem(422, 'BOOKING_UNKNOWN_RESOURCE', 'resourceId is not a resource of this organisation.');
    }
    try {
      const row = await db
        .insertInto('bookings')
        .values({
          org_id: params.orgId,
          resource_id: body.resourceId,
          starts_at: body.startsAt,
          ends_at: body.endsAt,
          notes: body.notes ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        status: 201,
        body: toBooking(row),
        headers: { location: `/v1/orgs/${params.orgId}/bookings/${row.id}` },
      };
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'bookings_no_overlap') {
        return problem(409, 'BOOKING_OVERLAP', 'The resource is already booked for part of that time range.');
      }
      throw error;
    }
  },

  async getBooking({ params, db, problem }) {
    const row = await db
      .selectFrom('bookings')
      .selectAll()
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.bookingId)
      .executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such booking in this organisation.');
    return { status: 200, body: toBooking(row) };
  },

  async listBookings({ params, query, db, problem }) {
    const org = await db.selectFrom('organisations').select('id').where('id', '=', params.orgId).executeTakeFirst();
    if (org === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    const limit = query.limit ?? 20;
    let select = db.selectFrom('bookings').selectAll().where('org_id', '=', params.orgId);
    if (query.resourceId !== undefined) select = select.where('resource_id', '=', query.resourceId);
    if (query.from !== undefined) select = select.where('ends_at', '>', new Date(query.from));
    if (query.to !== undefined) select = select.where('starts_at', '<', new Date(query.to));
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor, [timestampText, uuidText]);
      if (after === undefined) return problem(400, 'INVALID_CURSOR', 'The cursor is not one this API returned.');
      const [startsAt, id] = [sql<Date>`cast(${after[0]} as timestamptz)`, after[1] as string];
      select = select.where((eb) =>
        eb.or([eb('starts_at', '>', startsAt), eb.and([eb('starts_at', '=', startsAt), eb('id', '>', id)])]),
      );
    }
    const rows = await select
      .select(sql<string>`starts_at::text`.as('cursor_at'))
      .orderBy('starts_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      status: 200,
      body: {
        items: page.map(toBooking),
        nextCursor: rows.length > limit && last !== undefined ? encodeCursor([last.cursor_at, last.id]) : null,
      },
    };
  },

  async updateBooking({ params, body, db, problem }) {
    const current = await db
      .selectFrom('bookings')
      .selectAll()
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.bookingId)
      .executeTakeFirst();
    if (current === undefined) return problem(404, 'KEEL_NOT_FOUND', 'No such booking in this organisation.');
    const startsAt = body.startsAt ?? current.starts_at.toISOString();
    const endsAt = body.endsAt ?? current.ends_at.toISOString();
    if (Date.parse(endsAt) <= Date.parse(startsAt)) {
      return problem(400, 'BOOKING_EMPTY_RANGE', 'endsAt must be later than startsAt.');
    }
    try {
      const row = await db
        .updateTable('bookings')
        .set({
          starts_at: startsAt,
          ends_at: endsAt,
          ...(body.notes === undefined ? {} : { notes: body.notes }),
        })
        .where('org_id', '=', params.orgId)
        .where('id', '=', params.bookingId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { status: 200, body: toBooking(row) };
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'bookings_no_overlap') {
        return problem(409, 'BOOKING_OVERLAP', 'The resource is already booked for part of that time range.');
      }
      throw error;
    }
  },
});
