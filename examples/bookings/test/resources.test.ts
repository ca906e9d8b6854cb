import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { codeOf, startFlagship, type Flagship } from './harness.ts';

type Headers = Record<string, string>;
type Resource = { id: string; orgId: string; name: string; description: string | null; archivedAt: string | null };

describe('resources (R-RES)', () => {
  let flagship: Flagship;
  let slugs = 0;
  /** An organisation of its own for each test: Ann its admin, Carl a member. */
  const acme = async () => {
    slugs += 1;
    const ann = await flagship.user(`res-ann-${slugs}@example.com`);
    const carl = await flagship.user(`res-carl-${slugs}@example.com`);
    const org = await flagship.post('/v1/orgs', { name: 'Acme', slug: `res-acme-${slugs}` }, ann.auth);
    const orgId = org.json<{ id: string }>().id;
    await flagship.join(orgId, carl.id, 'member');
    const add = async (name: string, description?: string) => {
      const response = await flagship.post(`/v1/orgs/${orgId}/resources`, { name, description }, ann.auth);
      assert.equal(response.statusCode, 201, response.body);
      return response.json<Resource>();
    };
    return { orgId, admin: ann.auth, member: carl.auth, memberId: carl.id, add };
  };
  const names = (response: Awaited<ReturnType<Flagship['get']>>) =>
    response.json<{ items: Resource[] }>().items.map((resource) => resource.name);
  const resourceNamed = async (orgId: string, name: string) =>
    flagship.query(sql`select id from resources where org_id = ${orgId} and name = ${name}`);

  before(async () => {
    flagship = await startFlagship('pglite');
  });
  after(async () => {
    await flagship.close();
  });

  test('AC-RES-1-1: an admin adds a resource: 201 with a Location, and the list includes it', async () => {
    const { orgId, admin, member } = await acme();
    const response = await flagship.post(
      `/v1/orgs/${orgId}/resources`,
      { name: 'Room 1', description: 'Seats 8, projector' },
      admin,
    );
    assert.equal(response.statusCode, 201, response.body);
    const room = response.json<Resource & { createdAt: string }>();
    assert.equal(room.description, 'Seats 8, projector');
    assert.ok(Date.parse(room.createdAt) > 0);
    assert.equal(response.headers['location'], `/v1/orgs/${orgId}/resources/${room.id}`);
    assert.deepEqual(names(await flagship.get(`/v1/orgs/${orgId}/resources`, member)), ['Room 1']);
  });

  test('AC-RES-1-2: a member who adds a resource is answered 403 (BR-ROLE-1)', async () => {
    const { orgId, member } = await acme();
    const response = await flagship.post(`/v1/orgs/${orgId}/resources`, { name: 'Room 2' }, member);
    assert.equal(response.statusCode, 403);
    assert.equal((await resourceNamed(orgId, 'Room 2')).length, 0);
  });

  test('AC-RES-1-3: an Idempotency-Key reused with another body is 422 KEEL_IDEMPOTENCY_KEY_REUSED (BR-API-1)', async () => {
    const { orgId, admin } = await acme();
    const key = { ...admin, 'idempotency-key': 'res-1' };
    assert.equal((await flagship.post(`/v1/orgs/${orgId}/resources`, { name: 'Room 1' }, key)).statusCode, 201);
    const reused = await flagship.post(`/v1/orgs/${orgId}/resources`, { name: 'Room 9' }, key);
    assert.equal(reused.statusCode, 422);
    assert.equal(codeOf(reused), 'KEEL_IDEMPOTENCY_KEY_REUSED');
    assert.equal((await resourceNamed(orgId, 'Room 9')).length, 0);
  });

  test('AC-RES-2-1 and AC-RES-2-2: oldest first a page at a time, archived ones only when asked', async () => {
    const { orgId, admin, member } = await acme();
    for (const name of ['A', 'B', 'C', 'D']) await add(name);
    await flagship.query(
      sql`update resources set created_at = created_at + (ascii(name) - 64) * interval '1 second' where org_id = ${orgId}`,
    );
    const d = (await resourceNamed(orgId, 'D'))[0] as { id: string };
    assert.equal((await flagship.post(`/v1/orgs/${orgId}/resources/${d.id}/archive`, {}, admin)).statusCode, 200);
    const first = await flagship.get(`/v1/orgs/${orgId}/resources?limit=2`, member);
    assert.deepEqual(names(first), ['A', 'B']);
    const cursor = first.json<{ nextCursor: string }>().nextCursor;
    const second = await flagship.get(`/v1/orgs/${orgId}/resources?limit=2&cursor=${cursor}`, member);
    assert.deepEqual(names(second), ['C']);
    assert.equal(second.json<{ nextCursor: string | null }>().nextCursor, null);
    const all = await flagship.get(`/v1/orgs/${orgId}/resources?archived=true`, member);
    assert.deepEqual(names(all), ['A', 'B', 'C', 'D']);
    assert.ok(Date.parse(all.json<{ items: Resource[] }>().items[3]?.archivedAt ?? '') > 0);

    async function add(name: string) {
      assert.equal((await flagship.post(`/v1/orgs/${orgId}/resources`, { name }, admin)).statusCode, 201);
    }
  });

  test('AC-RES-2-3: without a limit a page holds 20 and a nextCursor (BR-API-2)', async () => {
    const { orgId, member } = await acme();
    await flagship.query(sql`
      insert into resources (org_id, name) select ${orgId}, 'Desk ' || n from generate_series(1, 25) as n`);
    const page = await flagship.get(`/v1/orgs/${orgId}/resources`, member);
    assert.equal(names(page).length, 20);
    assert.notEqual(page.json<{ nextCursor: string | null }>().nextCursor, null);
  });

  test('AC-RES-3-1: a member reads a resource by its id', async () => {
    const { orgId, member, add } = await acme();
    const room = await add('Room 1', 'Seats 8');
    const response = await flagship.get(`/v1/orgs/${orgId}/resources/${room.id}`, member);
    assert.equal(response.statusCode, 200);
    const read = response.json<Resource>();
    assert.deepEqual([read.id, read.orgId, read.name, read.description], [room.id, orgId, 'Room 1', 'Seats 8']);
  });

  test('AC-RES-4-1 and AC-RES-4-2: an admin renames a resource, its bookings unchanged; a member may not', async () => {
    const { orgId, admin, member, add } = await acme();
    const room = await add('Room 1');
    for (const hour of ['09', '11']) {
      const body = { resourceId: room.id, startsAt: `2027-01-04T${hour}:00:00Z`, endsAt: `2027-01-04T${hour}:30:00Z` };
      assert.equal((await flagship.post(`/v1/orgs/${orgId}/bookings`, body, member)).statusCode, 201);
    }
    const refused = await flagship.patch(`/v1/orgs/${orgId}/resources/${room.id}`, { name: 'Lounge' }, member);
    assert.equal(refused.statusCode, 403);
    const renamed = await flagship.patch(`/v1/orgs/${orgId}/resources/${room.id}`, { name: 'Boardroom' }, admin);
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json<Resource>().name, 'Boardroom');
    const bookings = await flagship.get(`/v1/orgs/${orgId}/bookings?resourceId=${room.id}&status=confirmed`, member);
    assert.equal(bookings.json<{ items: unknown[] }>().items.length, 2);
  });

  test('AC-RES-5-1, AC-RES-5-2 and AC-BOOK-1-7: an archived resource keeps its bookings and takes no more', async () => {
    const { orgId, admin, member, add } = await acme();
    const room = await add('Room 1');
    const monday = { resourceId: room.id, startsAt: '2027-01-04T09:00:00Z', endsAt: '2027-01-04T10:00:00Z' };
    const booking = (await flagship.post(`/v1/orgs/${orgId}/bookings`, monday, member)).json<{ id: string }>();
    const refused = await flagship.post(`/v1/orgs/${orgId}/resources/${room.id}/archive`, {}, member);
    assert.equal(refused.statusCode, 403);
    const archived = await flagship.post(`/v1/orgs/${orgId}/resources/${room.id}/archive`, {}, admin);
    assert.equal(archived.statusCode, 200, archived.body);
    const archivedAt = archived.json<Resource>().archivedAt;
    assert.ok(Date.parse(archivedAt ?? '') > 0);
    const again = await flagship.post(`/v1/orgs/${orgId}/resources/${room.id}/archive`, {}, admin);
    assert.equal(again.json<Resource>().archivedAt, archivedAt, 'archiving again keeps the first time');
    const read = await flagship.get(`/v1/orgs/${orgId}/bookings/${booking.id}`, member);
    assert.equal(read.json<{ status: string }>().status, 'confirmed');
    const tomorrow = { resourceId: room.id, startsAt: '2027-01-05T09:00:00Z', endsAt: '2027-01-05T10:00:00Z' };
    const more = await flagship.post(`/v1/orgs/${orgId}/bookings`, tomorrow, member);
    assert.equal(more.statusCode, 422);
    assert.equal(codeOf(more), 'RESOURCE_ARCHIVED');
    assert.equal((await flagship.post(`/v1/orgs/${orgId}/bookings/${booking.id}/cancel`, {}, member)).statusCode, 200);
  });

  test('a resource of another organisation cannot be changed or archived there (BR-TEN-1)', async () => {
    const first = await acme();
    const second = await acme();
    const room = await first.add('Room 1');
    const rename = await flagship.patch(
      `/v1/orgs/${second.orgId}/resources/${room.id}`,
      { name: 'Mine' },
      second.admin,
    );
    assert.equal(rename.statusCode, 404);
    const archive = await flagship.post(`/v1/orgs/${second.orgId}/resources/${room.id}/archive`, {}, second.admin);
    assert.equal(archive.statusCode, 404);
    const outsider: Headers = second.admin;
    assert.equal((await flagship.get(`/v1/orgs/${first.orgId}/resources/${room.id}`, outsider)).statusCode, 404);
  });
});
