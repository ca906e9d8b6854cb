import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKinds } from 'keel/testing';
import { sql } from 'kysely';
import { codeOf, startFlagship, startSmtpRelay, type Flagship, type SmtpRelay } from './harness.ts';

type Headers = Record<string, string>;

describe('organisations and their members (R-ORG, R-MEM)', () => {
  let flagship: Flagship;
  let relay: SmtpRelay;
  let slugs = 0;

  /** A new organisation with `admin` as its creator and first admin. */
  const organisation = async (admin: Headers, name = 'Acme') => {
    slugs += 1;
    const response = await flagship.post('/v1/orgs', { name, slug: `${name.toLowerCase()}-${slugs}` }, admin);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; slug: string }>().id;
  };
  const roleOf = async (orgId: string, userId: string) =>
    (
      await flagship.query(
        sql<{ role: string }>`select role from memberships where org_id = ${orgId} and user_id = ${userId}`,
      )
    )[0]?.role;

  before(async () => {
    relay = await startSmtpRelay();
    process.env['SMTP_URL'] = relay.url;
    flagship = await startFlagship('pglite');
  });
  after(async () => {
    await flagship.close();
    await relay.close();
    delete process.env['SMTP_URL'];
  });

  test('AC-ORG-1-1: a user creates an organisation: 201 with a Location, and is its only member, an admin', async () => {
    const ann = await flagship.user('org-ann@example.com');
    const response = await flagship.post('/v1/orgs', { name: 'Acme', slug: 'acme' }, ann.auth);
    assert.equal(response.statusCode, 201, response.body);
    const org = response.json<{ id: string; name: string; slug: string }>();
    assert.equal(response.headers['location'], `/v1/orgs/${org.id}`);
    const members = await flagship.query(
      sql<{ user_id: string; role: string }>`select user_id, role from memberships where org_id = ${org.id}`,
    );
    assert.deepEqual(members, [{ user_id: ann.id, role: 'admin' }]);
  });

  test('AC-ORG-1-2: a taken slug is 409 ORGANISATION_SLUG_TAKEN and nothing is created (BR-ORG-1)', async () => {
    const bob = await flagship.user('org-bob@example.com');
    const response = await flagship.post('/v1/orgs', { name: 'Acme again', slug: 'acme' }, bob.auth);
    assert.equal(response.statusCode, 409);
    assert.equal(codeOf(response), 'ORGANISATION_SLUG_TAKEN');
    const named = await flagship.query(sql`select id from organisations where name = 'Acme again'`);
    assert.equal(named.length, 0);
  });

  test('AC-ORG-1-3: the same request with the same Idempotency-Key is replayed, one organisation (BR-API-1)', async () => {
    const cleo = await flagship.user('org-cleo@example.com');
    const body = { name: 'Replayed', slug: 'replayed' };
    const first = await flagship.post('/v1/orgs', body, { ...cleo.auth, 'idempotency-key': 'org-1' });
    const second = await flagship.post('/v1/orgs', body, { ...cleo.auth, 'idempotency-key': 'org-1' });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.body, first.body);
    assert.equal((await flagship.query(sql`select id from organisations where slug = 'replayed'`)).length, 1);
  });

  test('AC-ORG-1-4: without an access token it is 401 and no organisation is created (BR-AUTH-3)', async () => {
    const response = await flagship.post('/v1/orgs', { name: 'Anonymous', slug: 'anonymous' }, {});
    assert.equal(response.statusCode, 401);
    assert.match(String(response.headers['www-authenticate']), /^Bearer/);
    assert.equal((await flagship.query(sql`select id from organisations where slug = 'anonymous'`)).length, 0);
  });

  test('AC-ORG-2-1 and AC-ORG-2-2: a member reads their organisation; another is 404 like an unknown id', async () => {
    const ann = await flagship.user('read-ann@example.com');
    const greta = await flagship.user('read-greta@example.com');
    const acme = await organisation(ann.auth);
    const globex = await organisation(greta.auth, 'Globex');
    const own = await flagship.get(`/v1/orgs/${acme}`, ann.auth);
    assert.equal(own.statusCode, 200);
    assert.deepEqual(Object.keys(own.json<object>()).sort(), ['createdAt', 'id', 'name', 'slug']);
    const other = await flagship.get(`/v1/orgs/${globex}`, ann.auth);
    const unknown = await flagship.get('/v1/orgs/00000000-0000-4000-8000-000000000000', ann.auth);
    assert.equal(other.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    const withoutRequestId = (body: string) => ({ ...JSON.parse(body), requestId: undefined }) as unknown;
    assert.deepEqual(withoutRequestId(other.body), withoutRequestId(unknown.body));
  });

  test('AC-MEM-1-1: an admin invites by email: 201, expiring in 7 days, and the relay receives the link', async () => {
    const ann = await flagship.user('inv-ann@example.com');
    const acme = await organisation(ann.auth);
    const before = relay.received.length;
    const response = await flagship.post(
      `/v1/orgs/${acme}/invitations`,
      { email: 'ada@example.com', role: 'member' },
      ann.auth,
    );
    assert.equal(response.statusCode, 201, response.body);
    const invitation = response.json<{ id: string; createdAt: string; expiresAt: string; acceptedAt: null }>();
    assert.equal(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt), 7 * 24 * 60 * 60 * 1000);
    assert.equal(invitation.acceptedAt, null);
    assert.equal(relay.received.length, before + 1);
    const mail = relay.received.at(-1);
    assert.deepEqual(mail?.to, ['ada@example.com']);
    assert.match(mail?.text ?? '', new RegExp(`/orgs/${acme}/invitations/${invitation.id}`));
  });

  test('AC-MEM-1-2: a member who invites is answered 403; no invitation, no message (BR-ROLE-1)', async () => {
    const ann = await flagship.user('inv2-ann@example.com');
    const carl = await flagship.user('inv2-carl@example.com');
    const acme = await organisation(ann.auth);
    await flagship.join(acme, carl.id, 'member');
    const before = relay.received.length;
    const response = await flagship.post(
      `/v1/orgs/${acme}/invitations`,
      { email: 'bob@example.com', role: 'member' },
      carl.auth,
    );
    assert.equal(response.statusCode, 403);
    assert.equal((await flagship.query(sql`select id from invitations where org_id = ${acme}`)).length, 0);
    assert.equal(relay.received.length, before);
  });

  describe('accepting an invitation (R-MEM-2)', () => {
    let acme: string;
    let ann: Awaited<ReturnType<Flagship['user']>>;
    const invite = async (email: string) =>
      (await flagship.post(`/v1/orgs/${acme}/invitations`, { email, role: 'member' }, ann.auth)).json<{
        id: string;
      }>().id;
    const accept = (id: string, auth: Headers) =>
      flagship.post(`/v1/orgs/${acme}/invitations/${id}/acceptance`, {}, auth);

    before(async () => {
      ann = await flagship.user('acc-ann@example.com');
      acme = await organisation(ann.auth);
    });

    test('AC-MEM-2-1: the invited address accepts: 200, a member with the role, the invitation accepted', async () => {
      const id = await invite('acc-ada@example.com');
      await flagship.query(sql`update invitations set created_at = now() - interval '2 days' where id = ${id}`);
      const ada = await flagship.user('ACC-Ada@example.com');
      const response = await accept(id, ada.auth);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json<{ role: string }>().role, 'member');
      assert.equal(await roleOf(acme, ada.id), 'member');
      const [row] = await flagship.query(
        sql<{ accepted_by: string }>`select accepted_by from invitations where id = ${id}`,
      );
      assert.equal(row?.accepted_by, ada.id);
      assert.equal((await flagship.get(`/v1/orgs/${acme}/bookings`, ada.auth)).statusCode, 200);
    });

    test('AC-MEM-2-2: an invitation 7 days and 1 minute old is 410 INVITATION_EXPIRED (BR-MEM-3)', async () => {
      const id = await invite('old-ada@example.com');
      await flagship.query(
        sql`update invitations set created_at = now() - interval '7 days 1 minute' where id = ${id}`,
      );
      const ada = await flagship.user('old-ada@example.com');
      const response = await accept(id, ada.auth);
      assert.equal(response.statusCode, 410);
      assert.equal(codeOf(response), 'INVITATION_EXPIRED');
      assert.equal(await roleOf(acme, ada.id), undefined);
    });

    test('AC-MEM-2-3: another address is answered 404 and joins nothing (BR-MEM-3)', async () => {
      const id = await invite('for-ada@example.com');
      const bob = await flagship.user('not-ada@example.com');
      const response = await accept(id, bob.auth);
      assert.equal(response.statusCode, 404);
      assert.equal(await roleOf(acme, bob.id), undefined);
    });

    test('AC-MEM-2-4: accepting twice is 410 INVITATION_USED and the membership is unchanged (BR-MEM-3)', async () => {
      const id = await invite('twice-ada@example.com');
      const ada = await flagship.user('twice-ada@example.com');
      assert.equal((await accept(id, ada.auth)).statusCode, 200);
      await flagship.query(sql`update memberships set role = 'admin' where user_id = ${ada.id}`);
      const again = await accept(id, ada.auth);
      assert.equal(again.statusCode, 410);
      assert.equal(codeOf(again), 'INVITATION_USED');
      assert.equal(await roleOf(acme, ada.id), 'admin');
    });
  });

  test('AC-MEM-3-1, AC-MEM-3-2 and AC-MEM-3-3: members in the order they joined, pages capped, tenants apart', async () => {
    const ann = await flagship.user('list-ann@example.com');
    const acme = await organisation(ann.auth);
    const bob = await flagship.user('list-bob@example.com');
    const carl = await flagship.user('list-carl@example.com');
    await flagship.join(acme, bob.id, 'member');
    await flagship.join(acme, carl.id, 'member');
    // Joined in that order, whatever the clock's resolution.
    await flagship.query(
      sql`update memberships set created_at = created_at + interval '1 second' where user_id = ${bob.id}`,
    );
    await flagship.query(
      sql`update memberships set created_at = created_at + interval '2 seconds' where user_id = ${carl.id}`,
    );
    const first = await flagship.get(`/v1/orgs/${acme}/members?limit=2`, bob.auth);
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json<{ items: { email: string; role: string }[]; nextCursor: string }>();
    assert.deepEqual(
      page.items.map((member) => [member.email, member.role]),
      [
        ['list-ann@example.com', 'admin'],
        ['list-bob@example.com', 'member'],
      ],
    );
    const second = (await flagship.get(`/v1/orgs/${acme}/members?limit=2&cursor=${page.nextCursor}`, bob.auth)).json<{
      items: { email: string }[];
      nextCursor: string | null;
    }>();
    assert.deepEqual(
      second.items.map((member) => member.email),
      ['list-carl@example.com'],
    );
    assert.equal(second.nextCursor, null);
    const tooMany = await flagship.get(`/v1/orgs/${acme}/members?limit=101`, bob.auth);
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /limit/);
    const greta = await flagship.user('list-greta@example.com');
    const globex = await organisation(greta.auth, 'Globex');
    const outsider = await flagship.get(`/v1/orgs/${globex}/members`, bob.auth);
    assert.equal(outsider.statusCode, 404);
    assert.doesNotMatch(outsider.body, /list-greta/);
  });

  test('AC-MEM-4-1: a demoted admin loses the role with their next request, same token (BR-MEM-4)', async () => {
    const ann = await flagship.user('demote-ann@example.com');
    const bob = await flagship.user('demote-bob@example.com');
    const acme = await organisation(ann.auth);
    await flagship.join(acme, bob.id, 'admin');
    assert.equal((await flagship.post(`/v1/orgs/${acme}/resources`, { name: 'Before' }, bob.auth)).statusCode, 201);
    const response = await flagship.patch(`/v1/orgs/${acme}/members/${bob.id}`, { role: 'member' }, ann.auth);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json<{ role: string }>().role, 'member');
    assert.equal((await flagship.post(`/v1/orgs/${acme}/resources`, { name: 'After' }, bob.auth)).statusCode, 403);
  });

  test('AC-MEM-4-2: the only admin cannot demote herself: 409 LAST_ADMIN (BR-MEM-1)', async () => {
    const ann = await flagship.user('last-ann@example.com');
    const acme = await organisation(ann.auth);
    const response = await flagship.patch(`/v1/orgs/${acme}/members/${ann.id}`, { role: 'member' }, ann.auth);
    assert.equal(response.statusCode, 409);
    assert.equal(codeOf(response), 'LAST_ADMIN');
    assert.equal(await roleOf(acme, ann.id), 'admin');
  });

  test('AC-MEM-4-3: a member cannot make himself admin: 403 (BR-ROLE-1)', async () => {
    const ann = await flagship.user('self-ann@example.com');
    const carl = await flagship.user('self-carl@example.com');
    const acme = await organisation(ann.auth);
    await flagship.join(acme, carl.id, 'member');
    const response = await flagship.patch(`/v1/orgs/${acme}/members/${carl.id}`, { role: 'admin' }, carl.auth);
    assert.equal(response.statusCode, 403);
    assert.equal(await roleOf(acme, carl.id), 'member');
  });

  test('AC-MEM-5-1: a removed member is 404 from their next request, same token (BR-MEM-4)', async () => {
    const ann = await flagship.user('rm-ann@example.com');
    const carl = await flagship.user('rm-carl@example.com');
    const acme = await organisation(ann.auth);
    await flagship.join(acme, carl.id, 'member');
    assert.equal((await flagship.get(`/v1/orgs/${acme}/bookings`, carl.auth)).statusCode, 200);
    const response = await flagship.delete(`/v1/orgs/${acme}/members/${carl.id}`, ann.auth);
    assert.equal(response.statusCode, 204, response.body);
    assert.equal((await flagship.get(`/v1/orgs/${acme}/bookings`, carl.auth)).statusCode, 404);
    assert.equal((await flagship.delete(`/v1/orgs/${acme}/members/${carl.id}`, ann.auth)).statusCode, 404);
  });

  test('AC-MEM-5-2: the only admin cannot remove herself: 409 LAST_ADMIN (BR-MEM-1)', async () => {
    const ann = await flagship.user('rmlast-ann@example.com');
    const acme = await organisation(ann.auth);
    const response = await flagship.delete(`/v1/orgs/${acme}/members/${ann.id}`, ann.auth);
    assert.equal(response.statusCode, 409);
    assert.equal(codeOf(response), 'LAST_ADMIN');
    assert.equal(await roleOf(acme, ann.id), 'admin');
  });

  test('AC-MEM-5-3: a member cannot remove another: 403, and she stays (BR-ROLE-1)', async () => {
    const ann = await flagship.user('rm3-ann@example.com');
    const carl = await flagship.user('rm3-carl@example.com');
    const dana = await flagship.user('rm3-dana@example.com');
    const acme = await organisation(ann.auth);
    await flagship.join(acme, carl.id, 'member');
    await flagship.join(acme, dana.id, 'member');
    const response = await flagship.delete(`/v1/orgs/${acme}/members/${dana.id}`, carl.auth);
    assert.equal(response.statusCode, 403);
    assert.equal(await roleOf(acme, dana.id), 'member');
  });
});

// BR-MEM-1 under concurrency needs a server with real concurrent transactions; PGlite runs one at a time.
for (const kind of testDatabaseKinds().filter((candidate) => candidate === 'postgres')) {
  describe(`the last admin under concurrency, on ${kind}`, () => {
    let flagship: Flagship;
    before(async () => {
      flagship = await startFlagship(kind);
    });
    after(async () => {
      await flagship.close();
    });

    test('BR-MEM-1: two admins demoting each other at once leave one admin; the other request is refused', async () => {
      const ann = await flagship.user('race-ann@example.com');
      const bob = await flagship.user('race-bob@example.com');
      const org = await flagship.post('/v1/orgs', { name: 'Acme', slug: 'race-acme' }, ann.auth);
      const acme = org.json<{ id: string }>().id;
      await flagship.join(acme, bob.id, 'admin');
      const answers = await Promise.all([
        flagship.patch(`/v1/orgs/${acme}/members/${bob.id}`, { role: 'member' }, ann.auth),
        flagship.patch(`/v1/orgs/${acme}/members/${ann.id}`, { role: 'member' }, bob.auth),
      ]);
      // The second is 409 LAST_ADMIN when it got past access control before the first committed, else 403: its
      // caller was already demoted. Never two 200s.
      const [first, second] = answers.map((answer) => answer.statusCode).sort();
      assert.equal(first, 200);
      assert.ok(second === 403 || second === 409, `second answer ${String(second)}`);
      const admins = await flagship.query(
        sql`select user_id from memberships where org_id = ${acme} and role = 'admin'`,
      );
      assert.equal(admins.length, 1);
    });
  });
}
