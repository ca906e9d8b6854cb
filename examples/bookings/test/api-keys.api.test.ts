import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startFlagship, type Flagship } from './harness.ts';

type Headers = Record<string, string>;
type Issued = { id: string; name: string; prefix: string; key: string; createdAt: string };
type ApiKey = { id: string; name: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null };

describe('API keys for integrations (R-KEY)', () => {
  let flagship: Flagship;
  let slugs = 0;

  /** An organisation with Ann (admin), Carl (member), "Room 1", 3 bookings, and a key issued by Ann. */
  const organisation = async (name: string) => {
    slugs += 1;
    const ann = await flagship.user(`key-ann-${slugs}@example.com`);
    const carl = await flagship.user(`key-carl-${slugs}@example.com`);
    const orgId = (
      await flagship.post('/v1/orgs', { name, slug: `${name.toLowerCase()}-key-${slugs}` }, ann.auth)
    ).json<{ id: string }>().id;
    await flagship.join(orgId, carl.id, 'member');
    const room = (await flagship.post(`/v1/orgs/${orgId}/resources`, { name: 'Room 1' }, ann.auth)).json<{
      id: string;
    }>().id;
    const bookings: string[] = [];
    for (const day of ['04', '05', '06']) {
      const body = { resourceId: room, startsAt: `2027-01-${day}T09:00:00Z`, endsAt: `2027-01-${day}T10:00:00Z` };
      bookings.push((await flagship.post(`/v1/orgs/${orgId}/bookings`, body, carl.auth)).json<{ id: string }>().id);
    }
    const issue = async (keyName: string, as: Headers = ann.auth) =>
      flagship.post(`/v1/orgs/${orgId}/api-keys`, { name: keyName }, as);
    const issued = (await issue('Lobby display')).json<Issued>();
    return {
      orgId,
      admin: ann.auth,
      member: carl.auth,
      room,
      bookings,
      issue,
      key: { 'x-api-key': issued.key },
      issued,
    };
  };

  before(async () => {
    flagship = await startFlagship('pglite');
  });
  after(async () => {
    await flagship.close();
  });

  test('AC-KEY-1-1: an admin issues a key: 201 with its secret, stored as the SHA-256 hash only (BR-KEY-1)', async () => {
    const { orgId, issue } = await organisation('Acme');
    const response = await issue('Calendar sync');
    assert.equal(response.statusCode, 201, response.body);
    const issued = response.json<Issued>();
    assert.match(issued.key, /^bk_[A-Za-z0-9_-]{43}$/);
    assert.equal(issued.prefix, issued.key.slice(0, 8));
    assert.equal(response.headers['location'], `/v1/orgs/${orgId}/api-keys/${issued.id}`);
    const [row] = await flagship.query(sql<Record<string, unknown>>`select * from api_keys where id = ${issued.id}`);
    assert.equal(row?.['hash'], createHash('sha256').update(issued.key).digest('hex'));
    assert.ok(!Object.values(row ?? {}).includes(issued.key), 'no column holds the secret');
  });

  test('AC-KEY-1-2: a member who issues a key is answered 403 (BR-ROLE-1)', async () => {
    const { orgId, issue, member } = await organisation('Acme');
    assert.equal((await issue('My script', member)).statusCode, 403);
    const named = await flagship.query(sql`select id from api_keys where org_id = ${orgId} and name = 'My script'`);
    assert.equal(named.length, 0);
  });

  test('AC-KEY-2-1 and AC-KEY-2-2: admins list keys with last use and revocation, never a secret', async () => {
    const { orgId, admin, member, issue, key } = await organisation('Acme');
    const sync = (await issue('Calendar sync')).json<Issued>();
    assert.equal((await flagship.delete(`/v1/orgs/${orgId}/api-keys/${sync.id}`, admin)).statusCode, 204);
    assert.equal((await flagship.get(`/v1/orgs/${orgId}/bookings`, key)).statusCode, 200);
    const response = await flagship.get(`/v1/orgs/${orgId}/api-keys`, admin);
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json<{ items: ApiKey[] }>().items;
    assert.deepEqual(
      items.map((item) => item.name),
      ['Lobby display', 'Calendar sync'],
    );
    assert.ok(Date.parse(items[0]?.lastUsedAt ?? '') > 0, 'the lobby display has called the API');
    assert.equal(items[0]?.revokedAt, null);
    assert.ok(Date.parse(items[1]?.revokedAt ?? '') > 0);
    assert.doesNotMatch(response.body, /bk_[A-Za-z0-9_-]{43}|"(key|hash|secret)"/);
    const refused = await flagship.get(`/v1/orgs/${orgId}/api-keys`, member);
    assert.equal(refused.statusCode, 403);
    assert.doesNotMatch(refused.body, /Lobby display/);
  });

  test('AC-KEY-3-1: a revoked key is 401 from the next request (BR-KEY-2)', async () => {
    const { orgId, admin, key, issued } = await organisation('Acme');
    assert.equal((await flagship.get(`/v1/orgs/${orgId}/bookings`, key)).statusCode, 200);
    assert.equal((await flagship.delete(`/v1/orgs/${orgId}/api-keys/${issued.id}`, admin)).statusCode, 204);
    assert.equal((await flagship.get(`/v1/orgs/${orgId}/bookings`, key)).statusCode, 401);
  });

  test('AC-KEY-3-2 and AC-KEY-3-3: a member may not revoke; nor may another organisation’s admin', async () => {
    const acme = await organisation('Acme');
    const globex = await organisation('Globex');
    const byMember = await flagship.delete(`/v1/orgs/${acme.orgId}/api-keys/${acme.issued.id}`, acme.member);
    assert.equal(byMember.statusCode, 403);
    const byOutsider = await flagship.delete(`/v1/orgs/${acme.orgId}/api-keys/${globex.issued.id}`, acme.admin);
    assert.equal(byOutsider.statusCode, 404);
    assert.equal((await flagship.get(`/v1/orgs/${acme.orgId}/bookings`, acme.key)).statusCode, 200);
    assert.equal((await flagship.get(`/v1/orgs/${globex.orgId}/bookings`, globex.key)).statusCode, 200);
  });

  test('AC-KEY-4-1 and AC-KEY-4-2: a key lists its organisation’s bookings and no other’s', async () => {
    const acme = await organisation('Acme');
    const globex = await organisation('Globex');
    const list = await flagship.get(`/v1/orgs/${acme.orgId}/bookings`, acme.key);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list
        .json<{ items: { id: string }[] }>()
        .items.map((item) => item.id)
        .sort(),
      [...acme.bookings].sort(),
    );
    const other = await flagship.get(`/v1/orgs/${globex.orgId}/bookings/${globex.bookings[0] ?? ''}`, acme.key);
    assert.equal(other.statusCode, 404);
  });

  test('AC-KEY-4-3 and AC-KEY-4-4: a key books, as its booker, but never adds resources (BR-KEY-3)', async () => {
    const { orgId, room, key, issued } = await organisation('Acme');
    const added = await flagship.post(`/v1/orgs/${orgId}/resources`, { name: 'Room 9' }, key);
    assert.equal(added.statusCode, 403);
    const body = { resourceId: room, startsAt: '2027-02-01T09:00:00Z', endsAt: '2027-02-01T10:00:00Z' };
    const booked = await flagship.post(`/v1/orgs/${orgId}/bookings`, body, key);
    assert.equal(booked.statusCode, 201, booked.body);
    const booking = booked.json<{ id: string; createdBy: string }>();
    assert.equal(booking.createdBy, issued.id);
    const cancelled = await flagship.post(`/v1/orgs/${orgId}/bookings/${booking.id}/cancel`, {}, key);
    assert.equal(cancelled.statusCode, 200, 'the key that made a booking may cancel it (BR-BOOK-5)');
  });
});
