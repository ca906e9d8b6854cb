import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { newApiKey } from '../auth/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { handlers } from './fixtures/tenants/handlers.ts';
import { createApp, type KeelApp } from './index.ts';

const fixture = fileURLToPath(new URL('./fixtures/tenants', import.meta.url));
const json = { 'content-type': 'application/json' };

const orgA = '0a000000-0000-4000-8000-00000000000a';
const orgB = '0b000000-0000-4000-8000-00000000000b';
const alice = 'a1100000-0000-4000-8000-000000000001'; // admin of A
const bob = 'b0b00000-0000-4000-8000-000000000002'; // member of A
const carol = 'ca000000-0000-4000-8000-000000000003'; // member of B
const dave = 'da000000-0000-4000-8000-000000000004'; // signed in, in no organisation
const itemOfBob = 'a0000000-0000-4000-8000-0000000000a1';
const itemOfAlice = 'a0000000-0000-4000-8000-0000000000a2';
const itemOfCarol = 'b0000000-0000-4000-8000-0000000000b1';

interface Problem {
  code: string;
  status: number;
  fields?: string[];
}

for (const kind of testDatabaseKinds()) {
  describe(`access control on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let app: KeelApp;
    const tokens = new Map<string, string>();
    let keyOfA: string;
    let revokedKeyOfA: string;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      app = await createApp({ dir: fixture, handlers, database: testDatabase.database, mode: 'test' });
      const db = testDatabase.database.db;
      await sql`insert into orgs (id, name) values (${orgA}, 'A'), (${orgB}, 'B')`.execute(db);
      await sql`insert into memberships (org_id, user_id, role) values
        (${orgA}, ${alice}, 'admin'), (${orgA}, ${bob}, 'member'), (${orgB}, ${carol}, 'member')`.execute(db);
      await sql`insert into items (id, org_id, name, note, created_by) values
        (${itemOfBob}, ${orgA}, 'a1', 'note of bob', ${bob}),
        (${itemOfAlice}, ${orgA}, 'a2', 'note of alice', ${alice}),
        (${itemOfCarol}, ${orgB}, 'b1', 'note of carol', ${carol})`.execute(db);
      const key = newApiKey('tk_');
      const revoked = newApiKey('tk_');
      keyOfA = key.secret;
      revokedKeyOfA = revoked.secret;
      await sql`insert into api_keys (org_id, name, prefix, hash, revoked_at) values
        (${orgA}, 'display', ${key.displayPrefix}, ${key.hash}, null),
        (${orgA}, 'old', ${revoked.displayPrefix}, ${revoked.hash}, now())`.execute(db);
      const identity = app.identity;
      assert.ok(identity !== undefined, 'a managed-keys scheme gives the app an identity provider');
      for (const user of [alice, bob, carol, dave]) tokens.set(user, (await identity.issueTokensFor(user)).accessToken);
    });
    after(async () => {
      await app?.close();
      await testDatabase?.dispose();
    });

    const as = (user: string) => ({ authorization: `Bearer ${tokens.get(user) ?? ''}` });
    const problemOf = (response: LightMyRequestResponse): Problem => {
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      return response.json<Problem>();
    };
    const names = (response: LightMyRequestResponse) =>
      response.json<{ items: { name: string }[] }>().items.map((item) => item.name);

    test('a public operation needs no credentials, and its answer may be cached', async () => {
      const response = await app.inject({ method: 'GET', url: '/ping' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['cache-control'], undefined);
    });

    test('no credentials, or bad ones: 401 with WWW-Authenticate', async () => {
      const none = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items` });
      assert.equal(none.statusCode, 401);
      assert.equal(problemOf(none).code, 'KEEL_UNAUTHENTICATED');
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      const forged = `${(tokens.get(bob) ?? '').slice(0, -4)}AAAA`;
      const bad = await app.inject({
        method: 'GET',
        url: `/orgs/${orgA}/items`,
        headers: { authorization: `Bearer ${forged}` },
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(problemOf(bad).code, 'KEEL_INVALID_CREDENTIALS');
      assert.match(String(bad.headers['www-authenticate']), /error="invalid_token"/);
    });

    test('any signed-in user may call an authenticated operation; the handler sees the principal; the answer is private', async () => {
      const response = await app.inject({ method: 'GET', url: '/me', headers: as(dave) });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { id: dave, roles: ['visitor', 'user'] });
      assert.equal(response.headers['cache-control'], 'private', 'an answer to a principal is kept by no shared cache');
    });

    test('an unscoped handler still lists only its own tenant’s rows (row-level security)', async () => {
      const response = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items`, headers: as(bob) });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(names(response), ['a1', 'a2']);
      const other = await app.inject({ method: 'GET', url: `/orgs/${orgB}/items`, headers: as(carol) });
      assert.deepEqual(names(other), ['b1']);
    });

    test('another tenant’s path is 404, never revealing that it exists', async () => {
      const response = await app.inject({ method: 'GET', url: `/orgs/${orgB}/items`, headers: as(bob) });
      assert.equal(response.statusCode, 404);
      assert.equal(problemOf(response).code, 'KEEL_NOT_FOUND');
      const signedInOnly = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items`, headers: as(dave) });
      assert.equal(signedInOnly.statusCode, 404);
    });

    test('another tenant’s row under one’s own tenant’s path is 404 (the handler cannot see it)', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/orgs/${orgA}/items/${itemOfCarol}`,
        headers: as(bob),
      });
      assert.equal(response.statusCode, 404);
    });

    test('a field the role may not write is refused with 403 and nothing is created', async () => {
      const response = await app.inject({
        method: 'POST',
        url: `/orgs/${orgA}/items`,
        headers: { ...json, ...as(bob) },
        payload: JSON.stringify({ name: 'sneaky', note: 'mine' }),
      });
      assert.equal(response.statusCode, 403);
      const problem = problemOf(response);
      assert.equal(problem.code, 'KEEL_FIELD_NOT_WRITABLE');
      assert.deepEqual(problem.fields, ['note']);
      const { rows } = await sql`select 1 from items where name = 'sneaky'`.execute(testDatabase.database.db);
      assert.equal(rows.length, 0);
      const allowed = await app.inject({
        method: 'POST',
        url: `/orgs/${orgA}/items`,
        headers: { ...json, ...as(bob) },
        payload: JSON.stringify({ name: 'a3' }),
      });
      assert.equal(allowed.statusCode, 201, allowed.body);
      assert.equal(allowed.json<{ createdBy: string }>().createdBy, bob);
    });

    test('fields a role may not read are dropped; a role without a read rule reads them', async () => {
      const member = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items/${itemOfBob}`, headers: as(bob) });
      assert.equal(member.statusCode, 200);
      assert.deepEqual(member.json(), { id: itemOfBob, name: 'a1', createdBy: bob });
      const admin = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items/${itemOfBob}`, headers: as(alice) });
      assert.equal(admin.json<{ note: string }>().note, 'note of bob');
    });

    test('an object-level condition: a member updates their own item only; an admin any of the tenant’s', async () => {
      const patch = (user: string, item: string) =>
        app.inject({
          method: 'PATCH',
          url: `/orgs/${orgA}/items/${item}`,
          headers: { ...json, ...as(user) },
          payload: JSON.stringify({ name: `renamed by ${user.slice(0, 4)}` }),
        });
      assert.equal((await patch(bob, itemOfBob)).statusCode, 200);
      assert.equal((await patch(bob, itemOfAlice)).statusCode, 404);
      assert.equal((await patch(alice, itemOfBob)).statusCode, 200);
      const { rows } = await sql<{ name: string }>`select name from items where id = ${itemOfAlice}`.execute(
        testDatabase.database.db,
      );
      assert.equal(rows[0]?.name, 'a2');
    });

    test('a role the operation does not allow is 403', async () => {
      const key = { 'x-api-key': keyOfA };
      const response = await app.inject({
        method: 'POST',
        url: `/orgs/${orgA}/items`,
        headers: { ...json, ...key },
        payload: JSON.stringify({ name: 'by key' }),
      });
      // The key's integration role is in A, but createItem allows members only.
      assert.equal(response.statusCode, 403);
      assert.equal(problemOf(response).code, 'KEEL_FORBIDDEN');
      // updateItem takes bearer tokens only: a key is not looked at, so its caller is unauthenticated.
      const byKey = await app.inject({
        method: 'PATCH',
        url: `/orgs/${orgA}/items/${itemOfBob}`,
        headers: { ...json, ...key },
        payload: JSON.stringify({ name: 'x' }),
      });
      assert.equal(byKey.statusCode, 401);
    });

    test('an API key acts for its own tenant only; a revoked key is 401', async () => {
      const own = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items`, headers: { 'x-api-key': keyOfA } });
      assert.equal(own.statusCode, 200);
      assert.ok(names(own).every((name) => !name.startsWith('b')));
      const read = await app.inject({
        method: 'GET',
        url: `/orgs/${orgA}/items/${itemOfBob}`,
        headers: { 'x-api-key': keyOfA },
      });
      assert.deepEqual(Object.keys(read.json<object>()).sort(), ['id', 'name']);
      const other = await app.inject({ method: 'GET', url: `/orgs/${orgB}/items`, headers: { 'x-api-key': keyOfA } });
      assert.equal(other.statusCode, 404);
      const revoked = await app.inject({
        method: 'GET',
        url: `/orgs/${orgA}/items`,
        headers: { 'x-api-key': revokedKeyOfA },
      });
      assert.equal(revoked.statusCode, 401);
    });

    test('a token whose session was logged out is refused', async () => {
      const identity = app.identity;
      assert.ok(identity !== undefined);
      const issued = await identity.issueTokensFor(bob);
      const headers = { authorization: `Bearer ${issued.accessToken}` };
      assert.equal((await app.inject({ method: 'GET', url: `/orgs/${orgA}/items`, headers })).statusCode, 200);
      await identity.logout(issued.refreshToken);
      const after = await app.inject({ method: 'GET', url: `/orgs/${orgA}/items`, headers });
      assert.equal(after.statusCode, 401);
    });
  });
}
