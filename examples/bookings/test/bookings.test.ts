import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, type KeelApp } from 'keel';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from 'keel/testing';
import { sql } from 'kysely';

const project = fileURLToPath(new URL('..', import.meta.url));
const json = { 'content-type': 'application/json' };

for (const kind of testDatabaseKinds()) {
  describe(`bookings on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let app: KeelApp;
    let orgId: string;
    let roomId: string;
    /** The signed-in user the tests act as: the first admin of every organisation they create (BR-MEM-2). */
    let auth: Record<string, string>;
    let userId: string;

    const post = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, headers: { ...json, ...auth, ...headers }, payload: JSON.stringify(body) });
    const get = (url: string) => app.inject({ method: 'GET', url, headers: auth });
    const book = (startsAt: string, endsAt: string, resourceId = roomId) =>
      post(`/v1/orgs/${orgId}/bookings`, { resourceId, startsAt, endsAt });

    before(async () => {
      testDatabase = await createTestDatabase(kind, { extensions: ['btree_gist'] });
      app = await createApp({ dir: project, database: testDatabase.database, mode: 'test' });
      const { rows } = await sql<{
        id: string;
      }>`insert into users (email) values ('ada@example.com') returning id`.execute(testDatabase.database.db);
      userId = rows[0]?.id ?? '';
      const tokens = await app.identity?.issueTokensFor(userId);
      auth = { authorization: `Bearer ${tokens?.accessToken ?? ''}` };
      const org = await post('/v1/orgs', { name: 'Acme', slug: `acme-${kind}` });
      assert.equal(org.statusCode, 201, org.body);
      orgId = org.json<{ id: string }>().id;
      const room = await post(`/v1/orgs/${orgId}/resources`, { name: 'Room 1' });
      assert.equal(room.statusCode, 201, room.body);
      roomId = room.json<{ id: string }>().id;
    });
    after(async () => {
      await app.close();
      await testDatabase.dispose();
    });

    test('AC-BOOK-1-1 and AC-BOOK-2-1: a booking is created, located, and read back with an ETag', async () => {
      const created = await book('2027-01-04T09:00:00Z', '2027-01-04T10:00:00Z');
      assert.equal(created.statusCode, 201, created.body);
      const booking = created.json<{ id: string; status: string; startsAt: string; createdBy: string }>();
      assert.equal(booking.status, 'confirmed');
      assert.equal(created.headers['location'], `/v1/orgs/${orgId}/bookings/${booking.id}`);
      const read = await get(`/v1/orgs/${orgId}/bookings/${booking.id}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json<{ startsAt: string }>().startsAt, '2027-01-04T09:00:00.000Z');
      assert.equal(booking.createdBy, userId, 'the member is its booker');
      assert.match(String(read.headers['etag']), /^(W\/)?"/);
    });

    test('AC-BOOK-1-2 and AC-BOOK-1-3: an overlap is 409 BOOKING_OVERLAP, back-to-back is not an overlap', async () => {
      assert.equal((await book('2027-02-01T09:00:00Z', '2027-02-01T11:00:00Z')).statusCode, 201);
      const overlap = await book('2027-02-01T10:00:00Z', '2027-02-01T12:00:00Z');
      assert.equal(overlap.statusCode, 409);
      assert.match(String(overlap.headers['content-type']), /application\/problem\+json/);
      assert.equal(overlap.json<{ code: string }>().code, 'BOOKING_OVERLAP');
      const adjacent = await book('2027-02-01T11:00:00Z', '2027-02-01T12:00:00Z');
      assert.equal(adjacent.statusCode, 201, 'ranges are half-open: back-to-back bookings do not overlap');
    });

    test('AC-BOOK-1-4: of 5 concurrent identical bookings exactly one succeeds, the others are 409', async () => {
      const attempts = await Promise.all(
        Array.from({ length: 5 }, () => book('2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z')),
      );
      const statuses = attempts.map((response) => response.statusCode).sort();
      assert.deepEqual(statuses, [201, 409, 409, 409, 409]);
    });

    test('AC-BOOK-1-8 and AC-RES-3-2: a resource of another organisation is unknown there', async () => {
      const other = await post('/v1/orgs', { name: 'Other', slug: `other-${kind}` });
      const otherId = other.json<{ id: string }>().id;
      const response = await post(`/v1/orgs/${otherId}/bookings`, {
        resourceId: roomId,
        startsAt: '2027-04-01T09:00:00Z',
        endsAt: '2027-04-01T10:00:00Z',
      });
      assert.equal(response.statusCode, 422);
      assert.equal(response.json<{ code: string }>().code, 'BOOKING_UNKNOWN_RESOURCE');
      const read = await get(`/v1/orgs/${otherId}/resources/${roomId}`);
      assert.equal(read.statusCode, 404);
    });

    test('AC-BOOK-1-5: an empty range is 422 BOOKING_EMPTY_RANGE', async () => {
      const response = await book('2027-05-01T10:00:00Z', '2027-05-01T10:00:00Z');
      assert.equal(response.statusCode, 422);
      assert.equal(response.json<{ code: string }>().code, 'BOOKING_EMPTY_RANGE');
    });

    test('a duplicate slug is a 409', async () => {
      const response = await post('/v1/orgs', { name: 'Acme again', slug: `acme-${kind}` });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json<{ code: string }>().code, 'ORGANISATION_SLUG_TAKEN');
    });

    test('AC-BOOK-3-1, AC-BOOK-3-2 and AC-BOOK-3-3: listed by resource and time range, a page at a time', async () => {
      const desk = (await post(`/v1/orgs/${orgId}/resources`, { name: 'Desk' })).json<{ id: string }>();
      for (let day = 1; day <= 5; day++) {
        const start = `2027-06-0${day}T09:00:00Z`;
        assert.equal((await book(start, `2027-06-0${day}T17:00:00Z`, desk.id)).statusCode, 201);
      }
      const base = `/v1/orgs/${orgId}/bookings?resourceId=${desk.id}&from=2027-06-02T00:00:00Z&to=2027-06-05T00:00:00Z`;
      const first = (await get(`${base}&limit=2`)).json<{ items: { startsAt: string }[]; nextCursor: string }>();
      assert.deepEqual(
        first.items.map((item) => item.startsAt),
        ['2027-06-02T09:00:00.000Z', '2027-06-03T09:00:00.000Z'],
      );
      const second = (await get(`${base}&limit=2&cursor=${first.nextCursor}`)).json<{
        items: { startsAt: string }[];
        nextCursor: string | null;
      }>();
      assert.deepEqual(
        second.items.map((item) => item.startsAt),
        ['2027-06-04T09:00:00.000Z'],
      );
      assert.equal(second.nextCursor, null);
      const bad = await get(`${base}&cursor=not-a-cursor`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ code: string }>().code, 'INVALID_CURSOR');
      const forged = Buffer.from(JSON.stringify(["2027-01-01'; drop table bookings;--", desk.id])).toString(
        'base64url',
      );
      const forgedResponse = await get(`${base}&cursor=${forged}`);
      assert.equal(forgedResponse.statusCode, 400, 'a forged cursor is refused before it reaches the database');
      const tooMany = await get(`${base}&limit=1000`);
      assert.equal(tooMany.statusCode, 400, 'the page size is capped by the contract');
    });

    test('resources are listed oldest first with a cursor', async () => {
      const page = (await get(`/v1/orgs/${orgId}/resources?limit=1`)).json<{
        items: { name: string }[];
        nextCursor: string;
      }>();
      assert.equal(page.items[0]?.name, 'Room 1');
      const next = (await get(`/v1/orgs/${orgId}/resources?limit=1&cursor=${page.nextCursor}`)).json<{
        items: { name: string }[];
      }>();
      assert.equal(next.items.length, 1);
      assert.notEqual(next.items[0]?.name, 'Room 1');
    });

    test('BR-API-3: an update with a stale If-Match is a 412; with the current ETag it applies', async () => {
      const created = (await book('2027-07-01T09:00:00Z', '2027-07-01T10:00:00Z')).json<{ id: string }>();
      const url = `/v1/orgs/${orgId}/bookings/${created.id}`;
      const etag = String((await get(url)).headers['etag']);
      const patch = (notes: string, ifMatch: string) =>
        app.inject({
          method: 'PATCH',
          url,
          headers: { ...json, ...auth, 'if-match': ifMatch },
          payload: JSON.stringify({ notes }),
        });
      assert.equal((await patch('projector please', etag)).statusCode, 200);
      assert.equal((await patch('and coffee', etag)).statusCode, 412);
      assert.equal((await get(url)).json<{ notes: string }>().notes, 'projector please');
    });

    test('AC-BOOK-1-9: an idempotent retry of a booking replays it instead of a 409 overlap', async () => {
      const body = { resourceId: roomId, startsAt: '2027-08-01T09:00:00Z', endsAt: '2027-08-01T10:00:00Z' };
      const first = await post(`/v1/orgs/${orgId}/bookings`, body, { 'idempotency-key': `retry-${kind}` });
      const retry = await post(`/v1/orgs/${orgId}/bookings`, body, { 'idempotency-key': `retry-${kind}` });
      assert.equal(first.statusCode, 201);
      assert.equal(retry.statusCode, 201, 'a replay, not a 409 overlap with itself');
      assert.equal(retry.body, first.body);
    });
  });
}
