import { constraintViolation, KeelError } from 'keel';
import { sql } from 'kysely';
import { recordApiKeyUse } from '../integrations/index.ts';
import { organisationExists } from '../organisations/index.ts';
import { resourceInOrganisation } from '../resources/index.ts';
import {
  decodeCursor,
  pageOf,
  timestampText,
  uuidText,
  type BookingRow,
  type HandlersFor,
  type Schemas,
} from '../shared/index.ts';
import { rangeRefusal } from './booking-range.ts';

const toBooking = (row: BookingRow): Schemas['Booking'] => ({
  id: row.id,
  orgId: row.org_id,
  resourceId: row.resource_id,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  status: row.status,
  notes: row.notes,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  cancelledAt: row.cancelled_at?.toISOString() ?? null,
});

const notFound = 'No such booking in this organisation.';
const overlap = 'The resource is already booked for part of that time range.';
/** Row-level security showed the booking but refused the change: it is someone else's (BR-BOOK-5). */
const notYours = 'Only the booking’s booker or an admin of the organisation may change or cancel it.';

/**
 * R-BOOK-1 to R-BOOK-5: booking, reading, listing, changing and cancelling bookings. Overlaps are refused by the
 * exclusion constraint `bookings_no_overlap` (ADR-0008); the handlers only translate its violation into a 409. Who may
 * change a booking is decided by row-level security (access.yaml): an update that finds no row it may change is a 403.
 */
export const bookingHandlers: HandlersFor<
  'createBooking' | 'getBooking' | 'listBookings' | 'updateBooking' | 'cancelBooking'
> = {
  async createBooking({ params, body, db, principal, problem }) {
    const refusal = rangeRefusal(body.startsAt, body.endsAt);
    if (refusal !== undefined) return problem(422, refusal.code, refusal.detail);
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    await recordApiKeyUse(db, principal?.scheme);
    const resource = await resourceInOrganisation(db, params.orgId, body.resourceId);
    if (resource === undefined) {
      return problem(422, 'BOOKING_UNKNOWN_RESOURCE', 'resourceId is not a resource of this organisation.');
    }
    if (resource.archived)
      return problem(422, 'RESOURCE_ARCHIVED', 'The resource is archived and can no longer be booked.');
    if (principal?.id === undefined)
      throw new KeelError('KEEL_INTERNAL', 'createBooking is for members and integrations, who have an id');
    try {
      const row = await db
        .insertInto('bookings')
        .values({
          org_id: params.orgId,
          resource_id: body.resourceId,
          created_by: principal.id,
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
        return problem(409, 'BOOKING_OVERLAP', overlap);
      }
      throw error;
    }
  },

  async getBooking({ params, db, principal, problem }) {
    await recordApiKeyUse(db, principal?.scheme);
    const row = await db
      .selectFrom('bookings')
      .selectAll()
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.bookingId)
      .executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', notFound);
    return { status: 200, body: toBooking(row) };
  },

  async listBookings({ params, query, db, principal, problem }) {
    if (!(await organisationExists(db, params.orgId))) return problem(404, 'KEEL_NOT_FOUND', 'No such organisation.');
    await recordApiKeyUse(db, principal?.scheme);
    const limit = query.limit ?? 20;
    let select = db.selectFrom('bookings').selectAll().where('org_id', '=', params.orgId);
    if (query.resourceId !== undefined) select = select.where('resource_id', '=', query.resourceId);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
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
    return { status: 200, body: pageOf(rows, limit, toBooking, (row) => [row.cursor_at, row.id]) };
  },

  async updateBooking({ params, body, db, problem }) {
    const current = await db
      .selectFrom('bookings')
      .selectAll()
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.bookingId)
      .executeTakeFirst();
    if (current === undefined) return problem(404, 'KEEL_NOT_FOUND', notFound);
    const startsAt = body.startsAt ?? current.starts_at.toISOString();
    const endsAt = body.endsAt ?? current.ends_at.toISOString();
    const moved = body.startsAt !== undefined || body.endsAt !== undefined;
    if (moved) {
      const refusal = rangeRefusal(startsAt, endsAt);
      if (refusal !== undefined) return problem(422, refusal.code, refusal.detail);
    }
    if (current.status === 'cancelled') {
      // BR-BOOK-6: a cancelled booking no longer changes. Checked after the range, before anything is written.
      return problem(409, 'BOOKING_CANCELLED', 'The booking is cancelled; book the resource again instead.');
    }
    if (moved) {
      const resource = await resourceInOrganisation(db, params.orgId, current.resource_id);
      if (resource?.archived === true) {
        return problem(422, 'RESOURCE_ARCHIVED', 'The resource is archived: no booking can be moved onto it.');
      }
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
        .executeTakeFirst();
      if (row === undefined) return problem(403, 'KEEL_FORBIDDEN', notYours);
      return { status: 200, body: toBooking(row) };
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'bookings_no_overlap') {
        return problem(409, 'BOOKING_OVERLAP', overlap);
      }
      throw error;
    }
  },

  async cancelBooking({ params, db, problem }) {
    const current = await db
      .selectFrom('bookings')
      .select('id')
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.bookingId)
      .executeTakeFirst();
    if (current === undefined) return problem(404, 'KEEL_NOT_FOUND', notFound);
    // BR-BOOK-4: the range is free from this commit. BR-BOOK-6: cancelling again keeps the first time of cancellation.
    const row = await db
      .updateTable('bookings')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`coalesce(cancelled_at, now())` })
      .where('org_id', '=', params.orgId)
      .where('id', '=', params.bookingId)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) return problem(403, 'KEEL_FORBIDDEN', notYours);
    return { status: 200, body: toBooking(row) };
  },
};
