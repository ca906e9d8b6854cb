import { constraintViolation } from 'keel';
import { sql } from 'kysely';
import { organisationExists } from '../organisations/index.ts';
import { resourceInOrganisation } from '../resources/index.ts';
import {
  decodeCursor,
  encodeCursor,
  timestampText,
  uuidText,
  type BookingRow,
  type HandlersFor,
  type Schemas,
} from '../shared/index.ts';

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

/**
 * TODO(issue 6): a placeholder while a principal may be absent (a project served without access.yaml); every
 * authenticated call has one, and the row-level security of updateBooking matches created_by against it.
 */
const unknownCreator = '00000000-0000-0000-0000-000000000000';

/**
 * R-BOOK-1 to R-BOOK-4: booking, reading, listing and changing bookings. Overlaps are refused by the exclusion
 * constraint `bookings_no_overlap` (ADR-0008); the handlers only translate its violation into a 409.
 */
export const bookingHandlers: HandlersFor<'createBooking' | 'getBooking' | 'listBookings' | 'updateBooking'> = {
  async createBooking({ params, body, db, principal, problem }) {
    if (Date.parse(body.endsAt) <= Date.parse(body.startsAt)) {
      return problem(422, 'BOOKING_EMPTY_RANGE', 'endsAt must be later than startsAt.');
    }
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    if (!(await resourceInOrganisation(db, params.orgId, body.resourceId))) {
      return problem(422, 'BOOKING_UNKNOWN_RESOURCE', 'resourceId is not a resource of this organisation.');
    }
    try {
      const row = await db
        .insertInto('bookings')
        .values({
          org_id: params.orgId,
          resource_id: body.resourceId,
          created_by: principal?.id ?? unknownCreator,
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
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
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
};
