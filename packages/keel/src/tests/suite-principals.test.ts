import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { accessStage } from '../access/access-stage.ts';
import type { AccessModel, AuthenticationScheme } from '../access/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import { createApp, type KeelApp } from '../runtime/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { provisionPrincipals } from './suite-principals.ts';

const shop = fileURLToPath(new URL('./fixtures/shop', import.meta.url));
let testDatabase: TestDatabase;
let app: KeelApp;
let access: AccessModel;

before(async () => {
  testDatabase = await createTestDatabase('pglite');
  app = await createApp({ dir: shop, database: testDatabase.database, mode: 'test' });
  const model = await createCheckContext(await loadProject(shop)).model(accessStage);
  assert.ok(model !== undefined);
  access = model;
});
after(async () => {
  await app?.close();
  await testDatabase?.dispose();
});

test('two tenants, and a principal per role in each, whose credentials the app accepts with that role', async () => {
  const { tenants, principals, unavailable } = await provisionPrincipals(app, access);
  assert.ok(tenants !== undefined);
  assert.deepEqual(unavailable, []);
  assert.deepEqual(principals.map((principal) => `${principal.role}:${principal.tenantLabel ?? '-'}`).sort(), [
    'admin:a',
    'admin:b',
    'integration:a',
    'integration:b',
    'member:a',
    'member:b',
    'user:-',
    'visitor:-',
  ]);
  const memberOfA = principals.find((principal) => principal.role === 'member' && principal.tenantLabel === 'a');
  const response = await app.inject({
    method: 'GET',
    url: `/orgs/${tenants.a}/items`,
    headers: { ...memberOfA?.headers },
  });
  assert.equal(response.statusCode, 200);
  const other = await app.inject({
    method: 'GET',
    url: `/orgs/${tenants.b}/items`,
    headers: { ...memberOfA?.headers },
  });
  assert.equal(other.statusCode, 404);
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from memberships`.execute(
    testDatabase.database.db,
  );
  assert.equal(rows[0]?.count, 4);
});

test('roles Keel cannot provision (taken from token claims) are reported, not guessed', async () => {
  const claims = access.authentication.map((scheme): AuthenticationScheme =>
    scheme.type === 'jwt'
      ? { ...scheme, roles: { from: 'claims', tenant: 'org', roles: 'roles', at: scheme.at } }
      : scheme,
  );
  const { principals, unavailable } = await provisionPrincipals(app, { ...access, authentication: claims });
  assert.deepEqual(unavailable.map((entry) => entry.role).sort(), ['admin', 'member']);
  assert.ok(principals.every((principal) => principal.role !== 'member'));
});
