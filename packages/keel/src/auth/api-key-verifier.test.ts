import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKeyHash, newApiKey } from './api-key.ts';
import type { StoredApiKey } from './api-key-verifier.ts';
import { createAuthenticator } from './authenticator.ts';
import type { ApiKeySchemeSettings } from './scheme-settings.ts';

const apiKey: ApiKeySchemeSettings = {
  type: 'api-key',
  header: 'X-API-Key',
  prefix: 'bk_',
  table: 'api_keys',
  role: 'integration',
};

describe('newApiKey', () => {
  test('issues a prefixed 256-bit secret, its SHA-256 and a short display prefix', () => {
    const issued = newApiKey('bk_');
    assert.match(issued.secret, /^bk_[A-Za-z0-9_-]{43}$/);
    assert.match(issued.hash, /^[0-9a-f]{64}$/);
    assert.equal(issued.hash, apiKeyHash(issued.secret));
    assert.equal(issued.displayPrefix, issued.secret.slice(0, 8));
    assert.notEqual(newApiKey('bk_').secret, issued.secret);
  });
});

describe('API key authentication', async () => {
  const live = newApiKey('bk_');
  const revoked = newApiKey('bk_');
  const stored = new Map<string, StoredApiKey>([
    [live.hash, { id: 'key-1', tenant: 'org-1', revoked: false, hash: live.hash }],
    [revoked.hash, { id: 'key-2', tenant: 'org-1', revoked: true }],
  ]);
  const lookedUp: string[] = [];
  const authenticator = await createAuthenticator(
    { apiKey },
    {
      findApiKey: (hash, scheme) => {
        lookedUp.push(`${scheme}:${hash}`);
        return Promise.resolve(stored.get(hash));
      },
    },
  );
  const withKey = (value: string | string[]) => authenticator.authenticate({ 'x-api-key': value });

  test('a valid key', async () => {
    const result = await withKey(live.secret);
    assert.ok(result.ok);
    assert.deepEqual(result.credential, {
      kind: 'api-key',
      scheme: 'apiKey',
      keyId: 'key-1',
      subject: 'key-1',
      tenant: 'org-1',
      role: 'integration',
      prefix: 'bk_',
    });
    assert.equal(lookedUp.at(-1), `apiKey:${live.hash}`);
  });

  const refusals: [string, () => string | string[], string][] = [
    ['a wrong prefix', () => `xx_${live.secret.slice(3)}`, 'wrong-prefix'],
    ['a prefix with nothing after it', () => 'bk_', 'wrong-prefix'],
    ['characters no issued key has', () => `bk_${"' or 1=1 --".padEnd(43, 'a')}`, 'wrong-prefix'],
    ['an unknown key', () => newApiKey('bk_').secret, 'unknown-api-key'],
    ['a revoked key', () => revoked.secret, 'revoked'],
    ['the header twice', () => [live.secret, live.secret], 'malformed'],
    ['an empty header', () => '', 'wrong-prefix'],
  ];
  for (const [name, value, reason] of refusals) {
    test(`${name} is KEEL_INVALID_CREDENTIALS`, async () => {
      const result = await withKey(value());
      assert.ok(!result.ok);
      assert.equal(result.problem.code, 'KEEL_INVALID_CREDENTIALS');
      assert.equal(result.reason, reason);
      assert.match(result.wwwAuthenticate ?? '', /^ApiKey header="X-API-Key", error="invalid_key"/);
    });
  }

  test('a wrong prefix is refused without a lookup', async () => {
    const count = lookedUp.length;
    await withKey(`xx_${live.secret.slice(3)}`);
    assert.equal(lookedUp.length, count);
  });

  test('a lookup whose row hash differs from the presented key’s is not trusted', async () => {
    const lying = await createAuthenticator(
      { apiKey },
      { findApiKey: () => Promise.resolve({ id: 'key-9', tenant: 'org-1', revoked: false, hash: '0'.repeat(64) }) },
    );
    const result = await lying.authenticate({ 'x-api-key': live.secret });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'unknown-api-key');
  });

  test('no header is KEEL_UNAUTHENTICATED', async () => {
    const result = await authenticator.authenticate({ authorization: `Bearer ${live.secret}` });
    assert.ok(!result.ok);
    assert.equal(result.problem.code, 'KEEL_UNAUTHENTICATED');
    assert.equal(result.wwwAuthenticate, 'ApiKey header="X-API-Key"');
  });

  test('a scheme without a lookup is a configuration error', async () => {
    await assert.rejects(createAuthenticator({ apiKey }), { code: 'KEEL_CONFIG_INVALID' });
    await assert.rejects(
      createAuthenticator({ apiKey: { ...apiKey, prefix: '' } }, { findApiKey: () => Promise.resolve(undefined) }),
      {
        code: 'KEEL_CONFIG_INVALID',
      },
    );
  });
});
