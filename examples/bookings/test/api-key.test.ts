import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueApiKey, presentedApiKeyHash } from '../src/integrations/index.ts';

test('an issued API key is stored as its hash and a display prefix, never in clear (BR-KEY-1)', () => {
  const key = issueApiKey();
  assert.match(key.secret, /^bk_[A-Za-z0-9_-]{43}$/);
  assert.equal(key.prefix, key.secret.slice(0, 8));
  assert.match(key.hash, /^[0-9a-f]{64}$/);
  assert.equal(key.hash.includes(key.secret.slice(3)), false);
  assert.notEqual(issueApiKey().secret, key.secret);
});

test('a presented key is looked up by the hash it was stored under; a malformed one is refused without a lookup', () => {
  const key = issueApiKey();
  assert.equal(presentedApiKeyHash(key.secret), key.hash);
  assert.equal(presentedApiKeyHash(`${key.secret}x`), undefined);
  assert.equal(presentedApiKeyHash("bk_' or 1=1 --"), undefined);
});
