import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeOf, startFlagship, type Flagship } from './harness.ts';

type Headers = Record<string, string>;
type Booking = {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  notes: string | null;
  cancelledAt: string | null;
};

describe('bookings: limits, listing, changes and cancellation (R-BOOK)', () => {
  let flagship: Flagship;
  let slugs = 0;

  /** Acme with Ann (admin), Carl and Dana (members), "Room 1" and "Van 1"; and Globex with a booking of its own. */
  const world = async () => {
    slugs += 1;
    const [ann, carl, dana, greta] = await Promise.all(
      ['ann', 'carl', 'dana', 'greta'].map((name) => flagship.user(`${name}-${slugs}@example.com`)),
    );
    if (ann === undefined || carl === undefined || dana === undefined || greta === undefined) throw new Error('users');
    const org = async (name: string, admin: Headers) =>
      (await flagship.post('/v1/orgs', { name, slug: `${name.toLowerCase()}-bc-${slugs}` }, admin)).json<{
        id: string;
      }>().id;
    const acme = await org('Acme', ann.auth);
    const globex = await org('Globex', greta.auth);
    await flagship.join(acme, carl.id, 'member');
    await flagship.join(acme, dana.id, 'member');
    const resource = async (orgId: string, name: string, admin: Headers) =>
      (await flagship.post(`/v1/orgs/${orgId}/resources`, { name }, admin)).json<{ id: string }>().id;
    const room = await resource(acme, 'Room 1', ann.auth);
    const van = await resource(acme, 'Van 1', ann.auth);
    const globexVan = await resource(globex, 'Van 1', greta.auth);
    const book = async (orgId: string, resourceId: string, startsAt: string, endsAt: string, as: Headers) =>
      flagship.post(`/v1/orgs/${orgId}/bookings`, { resourceId, startsAt, endsAt }, as);
    const globexBooking = (
      await book(globex, globexVan, '2027-01-04T09:00:00Z', '2027-01-04T10:00:00Z', greta.auth)
    ).json<Booking>();
    return { acme, globex, ann: ann.auth, carl: carl.auth, dana: dana.auth, room, van, globexBooking, book };
  };

  before(async () => {
    flagship = await startFlagship('pglite');
  });
  after(async () => {
    await flagship.close();
  });

  test('AC-BOOK-1-6: a booking longer than 7 days is 422 BOOKING_TOO_LONG (BR-BOOK-3)', async () => {
    const { acme, van, carl, book } = await world();
    const response = await book(acme, van, '2027-01-04T09:00:00Z', '2027-01-11T09:01:00Z', carl);
    assert.equal(response.statusCode, 422);
    assert.equal(codeOf(response), 'BOOKING_TOO_LONG');
    const exactly = await book(acme, van, '2027-01-04T09:00:00Z', '2027-01-11T09:00:00Z', carl);
    assert.equal(exactly.statusCode, 201, '7 days exactly is allowed');
  });

  test('AC-BOOK-2-2 and AC-BOOK-3-4: another organisation’s bookings are unknown and never listed', async () => {
    const { acme, carl, room, book, globexBooking } = await world();
    const other = await flagship.get(`/v1/orgs/${acme}/bookings/${globexBooking.id}`, carl);
    const unknown = await flagship.get(`/v1/orgs/${acme}/bookings/00000000-0000-4000-8000-000000000000`, carl);
    assert.equal(other.statusCode, 404);
    const withoutRequestId = (body: string) => ({ ...JSON.parse(body), requestId: undefined }) as unknown;
    assert.deepEqual(withoutRequestId(other.body), withoutRequestId(unknown.body));
    for (const day of ['05', '06', '07']) {
      await book(acme, room, `2027-01-${day}T09:00:00Z`, `2027-01-${day}T10:00:00Z`, carl);
    }
    const page = (await flagship.get(`/v1/orgs/${acme}/bookings`, carl)).json<{ items: Booking[] }>();
    assert.equal(page.items.length, 3);
    assert.ok(page.items.every((booking) => booking.id !== globexBooking.id));
  });

  test('AC-BOOK-3-5: without a token or a key, listing is 401 and holds no booking (BR-AUTH-3)', async () => {
    const { acme } = await world();
    const response = await flagship.get(`/v1/orgs/${acme}/bookings`, {});
    assert.equal(response.statusCode, 401);
    assert.equal(response.json<{ items?: unknown }>().items, undefined);
    assert.match(String(response.headers['www-authenticate']), /Bearer/);
  });

  test('AC-BOOK-3-6: listing by status holds the confirmed booking alone', async () => {
    const { acme, carl, room, book } = await world();
    const cancelled = (await book(acme, room, '2027-02-01T09:00:00Z', '2027-02-01T10:00:00Z', carl)).json<Booking>();
    await flagship.post(`/v1/orgs/${acme}/bookings/${cancelled.id}/cancel`, {}, carl);
    const confirmed = (await book(acme, room, '2027-02-01T11:00:00Z', '2027-02-01T12:00:00Z', carl)).json<Booking>();
    const page = await flagship.get(`/v1/orgs/${acme}/bookings?resourceId=${room}&status=confirmed`, carl);
    assert.deepEqual(
      page.json<{ items: Booking[] }>().items.map((booking) => booking.id),
      [confirmed.id],
    );
  });

  test('AC-BOOK-4-1: Carl moves his booking with its ETag; the old range can be booked again', async () => {
    const { acme, carl, dana, room, book } = await world();
    const booking = (await book(acme, room, '2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z', carl)).json<Booking>();
    const url = `/v1/orgs/${acme}/bookings/${booking.id}`;
    const etag = String((await flagship.get(url, carl)).headers['etag']);
    const moved = await flagship.patch(
      url,
      { startsAt: '2027-03-01T14:00:00Z', endsAt: '2027-03-01T15:00:00Z' },
      { ...carl, 'if-match': etag },
    );
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(
      [moved.json<Booking>().startsAt, moved.json<Booking>().endsAt],
      ['2027-03-01T14:00:00.000Z', '2027-03-01T15:00:00.000Z'],
    );
    assert.equal((await book(acme, room, '2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z', dana)).statusCode, 201);
  });

  test('AC-BOOK-4-2: moving onto Dana’s booking is 409 BOOKING_OVERLAP and nothing moves (BR-BOOK-1)', async () => {
    const { acme, carl, dana, room, book } = await world();
    const mine = (await book(acme, room, '2027-03-02T09:00:00Z', '2027-03-02T10:00:00Z', carl)).json<Booking>();
    await book(acme, room, '2027-03-02T14:00:00Z', '2027-03-02T15:00:00Z', dana);
    const url = `/v1/orgs/${acme}/bookings/${mine.id}`;
    const response = await flagship.patch(
      url,
      { startsAt: '2027-03-02T14:30:00Z', endsAt: '2027-03-02T15:30:00Z' },
      carl,
    );
    assert.equal(response.statusCode, 409);
    assert.equal(codeOf(response), 'BOOKING_OVERLAP');
    assert.equal((await flagship.get(url, carl)).json<Booking>().startsAt, '2027-03-02T09:00:00.000Z');
  });

  test('AC-BOOK-4-3 and AC-BOOK-4-4: an inverted or over-long range is refused and nothing changes', async () => {
    const { acme, carl, room, van, book } = await world();
    const meeting = (await book(acme, room, '2027-03-03T09:00:00Z', '2027-03-03T10:00:00Z', carl)).json<Booking>();
    const inverted = await flagship.patch(
      `/v1/orgs/${acme}/bookings/${meeting.id}`,
      { endsAt: '2027-03-03T08:00:00Z' },
      carl,
    );
    assert.equal(codeOf(inverted), 'BOOKING_EMPTY_RANGE');
    const trip = (await book(acme, van, '2027-01-04T09:00:00Z', '2027-01-05T09:00:00Z', carl)).json<Booking>();
    const long = await flagship.patch(`/v1/orgs/${acme}/bookings/${trip.id}`, { endsAt: '2027-01-12T09:00:00Z' }, carl);
    assert.equal(codeOf(long), 'BOOKING_TOO_LONG');
    assert.equal(
      (await flagship.get(`/v1/orgs/${acme}/bookings/${meeting.id}`, carl)).json<Booking>().endsAt,
      '2027-03-03T10:00:00.000Z',
    );
    assert.equal(
      (await flagship.get(`/v1/orgs/${acme}/bookings/${trip.id}`, carl)).json<Booking>().endsAt,
      '2027-01-05T09:00:00.000Z',
    );
  });

  test('AC-BOOK-4-5: Dana, a member, cannot change Carl’s booking: 403, notes unchanged (BR-BOOK-5)', async () => {
    const { acme, carl, dana, ann, room, book } = await world();
    const booking = (await book(acme, room, '2027-03-04T09:00:00Z', '2027-03-04T10:00:00Z', carl)).json<Booking>();
    const url = `/v1/orgs/${acme}/bookings/${booking.id}`;
    const response = await flagship.patch(url, { notes: 'mine now' }, dana);
    assert.equal(response.statusCode, 403);
    assert.equal((await flagship.get(url, carl)).json<Booking>().notes, null);
    assert.equal((await flagship.patch(url, { notes: 'by the admin' }, ann)).statusCode, 200, 'an admin may');
  });

  test('AC-BOOK-4-6: a cancelled booking no longer moves: 409 BOOKING_CANCELLED (BR-BOOK-6)', async () => {
    const { acme, carl, room, book } = await world();
    const booking = (await book(acme, room, '2027-03-05T09:00:00Z', '2027-03-05T10:00:00Z', carl)).json<Booking>();
    const url = `/v1/orgs/${acme}/bookings/${booking.id}`;
    await flagship.post(`${url}/cancel`, {}, carl);
    const response = await flagship.patch(
      url,
      { startsAt: '2027-03-05T11:00:00Z', endsAt: '2027-03-05T12:00:00Z' },
      carl,
    );
    assert.equal(response.statusCode, 409);
    assert.equal(codeOf(response), 'BOOKING_CANCELLED');
    const read = (await flagship.get(url, carl)).json<Booking>();
    assert.deepEqual([read.status, read.startsAt], ['cancelled', '2027-03-05T09:00:00.000Z']);
  });

  test('AC-BOOK-4-7: an ETag read before an admin’s change is 412, and the admin’s change stays (BR-API-3)', async () => {
    const { acme, carl, ann, room, book } = await world();
    const booking = (await book(acme, room, '2027-03-06T09:00:00Z', '2027-03-06T10:00:00Z', carl)).json<Booking>();
    const url = `/v1/orgs/${acme}/bookings/${booking.id}`;
    const etag = String((await flagship.get(url, carl)).headers['etag']);
    assert.equal((await flagship.patch(url, { notes: 'moved to 3rd floor' }, ann)).statusCode, 200);
    const stale = await flagship.patch(url, { notes: 'projector' }, { ...carl, 'if-match': etag });
    assert.equal(stale.statusCode, 412);
    assert.equal((await flagship.get(url, carl)).json<Booking>().notes, 'moved to 3rd floor');
  });

  test('AC-BOOK-5-1: Carl cancels his booking: 200 cancelled with a time, and the range is free again', async () => {
    const { acme, carl, dana, room, book } = await world();
    const booking = (await book(acme, room, '2027-04-01T09:00:00Z', '2027-04-01T10:00:00Z', carl)).json<Booking>();
    const response = await flagship.post(`/v1/orgs/${acme}/bookings/${booking.id}/cancel`, {}, carl);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<Booking>().status, 'cancelled');
    assert.ok(Date.parse(response.json<Booking>().cancelledAt ?? '') > 0);
    assert.equal((await book(acme, room, '2027-04-01T09:00:00Z', '2027-04-01T10:00:00Z', dana)).statusCode, 201);
  });

  test('AC-BOOK-5-2 and AC-BOOK-5-3: an admin cancels Carl’s booking; Dana, a member, may not (BR-BOOK-5)', async () => {
    const { acme, carl, dana, ann, room, book } = await world();
    const booking = (await book(acme, room, '2027-04-02T09:00:00Z', '2027-04-02T10:00:00Z', carl)).json<Booking>();
    const url = `/v1/orgs/${acme}/bookings/${booking.id}`;
    const refused = await flagship.post(`${url}/cancel`, {}, dana);
    assert.equal(refused.statusCode, 403);
    assert.equal((await flagship.get(url, carl)).json<Booking>().status, 'confirmed');
    const cancelled = await flagship.post(`${url}/cancel`, {}, ann);
    assert.equal(cancelled.statusCode, 200);
    assert.equal(cancelled.json<Booking>().status, 'cancelled');
  });

  test('AC-BOOK-5-4: cancelling again keeps the first time of cancellation (BR-BOOK-6)', async () => {
    const { acme, carl, room, book } = await world();
    const booking = (await book(acme, room, '2027-04-03T09:00:00Z', '2027-04-03T10:00:00Z', carl)).json<Booking>();
    const url = `/v1/orgs/${acme}/bookings/${booking.id}/cancel`;
    const first = (await flagship.post(url, {}, carl)).json<Booking>();
    const second = await flagship.post(url, {}, carl);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json<Booking>().cancelledAt, first.cancelledAt);
  });
});
