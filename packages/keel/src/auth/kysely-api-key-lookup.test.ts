import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { newApiKey } from './api-key.ts';
import { createAuthenticator, type Authenticator } from './authenticator.ts';
import { kyselyApiKeyLookup } from './kysely-api-key-lookup.ts';

const orgId = '6f1c2b1e-0000-4000-8000-000000000001';

for (const kind of testDatabaseKinds()) {
  describe(`API keys looked up with Kysely on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let authenticator: Authenticator;
    const live = newApiKey('bk_');
    const revoked = newApiKey('bk_');
    const scheduled = newApiKey('bk_');

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      const { database } = testDatabase;
      await database.withLock(1n, (session) =>
        session.execScript(`
          create schema integrations;
          create table integrations.keys (
            key_id bigint generated always as identity primary key,
            tenant_id uuid not null,
            secret_hash text not null unique,
            revoked_at timestamptz
          );
          create table api_keys (
            id uuid primary key default gen_random_uuid(),
            org_id uuid not null,
            hash text not null unique,
            revoked_at timestamptz
          );
          insert into api_keys (org_id, hash, revoked_at) values
            ('${orgId}', '${live.hash}', null),
            ('${orgId}', '${revoked.hash}', now() - interval '1 minute'),
            ('${orgId}', '${scheduled.hash}', now() + interval '1 day');
          insert into integrations.keys (tenant_id, secret_hash) values ('${orgId}', '${live.hash}');
        `),
      );
      authenticator = await createAuthenticator(
        { apiKey: { type: 'api-key', header: 'X-API-Key', prefix: 'bk_', table: 'api_keys', role: 'integration' } },
        { findApiKey: kyselyApiKeyLookup(database.db, { table: 'api_keys' }) },
      );
    });
    after(() => testDatabase.dispose());

    test('a stored key authenticates, with its row id and tenant', async () => {
      const result = await authenticator.authenticate({ 'x-api-key': live.secret });
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.equal(result.credential.kind, 'api-key');
      if (result.credential.kind !== 'api-key') return;
      assert.match(result.credential.keyId, /^[0-9a-f-]{36}$/);
      assert.equal(result.credential.tenant, orgId);
    });

    test('a revoked key, and an unknown one, are refused', async () => {
      for (const [secret, reason] of [
        [revoked.secret, 'revoked'],
        [newApiKey('bk_').secret, 'unknown-api-key'],
      ] as const) {
        const result = await authenticator.authenticate({ 'x-api-key': secret });
        assert.ok(!result.ok);
        assert.equal(result.problem.code, 'KEEL_INVALID_CREDENTIALS');
        assert.equal(result.reason, reason);
      }
    });

    test('a revocation scheduled for later does not refuse the key yet', async () => {
      assert.ok((await authenticator.authenticate({ 'x-api-key': scheduled.secret })).ok);
    });

    test('table and column names are configurable, schema-qualified included', async () => {
      const find = kyselyApiKeyLookup(testDatabase.database.db, {
        table: 'integrations.keys',
        columns: { id: 'key_id', hash: 'secret_hash', tenant: 'tenant_id' },
      });
      assert.deepEqual(await find(live.hash, 'apiKey'), { id: '1', tenant: orgId, revoked: false, hash: live.hash });
      assert.equal(await find(revoked.hash, 'apiKey'), undefined);
    });
  });
}
