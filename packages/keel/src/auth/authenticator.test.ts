import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { newApiKey } from './api-key.ts';
import { createAuthenticator, type Authenticator } from './authenticator.ts';
import { signedToken, testAudience, testIssuer, testKeyPair, type TestKeyPair } from './test-tokens.ts';

describe('several schemes: the first with a credential present decides', () => {
  let pair: TestKeyPair;
  let authenticator: Authenticator;
  let token: string;
  const key = newApiKey('bk_');

  before(async () => {
    pair = await testKeyPair('ES256');
    token = await signedToken(pair);
    authenticator = await createAuthenticator(
      {
        bearer: {
          type: 'jwt',
          issuer: testIssuer,
          audience: testAudience,
          algorithms: ['ES256'],
          keys: { publicKeys: [pair.publicPem] },
        },
        apiKey: { type: 'api-key', header: 'X-API-Key', prefix: 'bk_', table: 'api_keys', role: 'integration' },
      },
      {
        realm: 'bookings',
        findApiKey: (hash) =>
          Promise.resolve(hash === key.hash ? { id: 'key-1', tenant: 'org-1', revoked: false } : undefined),
      },
    );
  });

  test('both present: the operation’s order picks the scheme', async () => {
    const headers = { authorization: `Bearer ${token}`, 'x-api-key': key.secret };
    const bearerFirst = await authenticator.authenticate(headers, ['bearer', 'apiKey']);
    assert.ok(bearerFirst.ok);
    assert.equal(bearerFirst.credential.scheme, 'bearer');
    const keyFirst = await authenticator.authenticate(headers, ['apiKey', 'bearer']);
    assert.ok(keyFirst.ok);
    assert.equal(keyFirst.credential.scheme, 'apiKey');
  });

  test('only the second scheme’s credential present: it decides', async () => {
    const result = await authenticator.authenticate({ 'x-api-key': key.secret }, ['bearer', 'apiKey']);
    assert.ok(result.ok);
    assert.equal(result.credential.kind, 'api-key');
  });

  test('a refused credential is not retried with the next scheme', async () => {
    const headers = { authorization: 'Bearer not.a.token', 'x-api-key': key.secret };
    const result = await authenticator.authenticate(headers, ['bearer', 'apiKey']);
    assert.ok(!result.ok);
    assert.equal(result.scheme, 'bearer');
    assert.equal(
      result.wwwAuthenticate,
      'Bearer realm="bookings", error="invalid_token", error_description="The access token is malformed", ' +
        'ApiKey realm="bookings", header="X-API-Key"',
    );
  });

  test('an operation that accepts only API keys ignores a bearer token', async () => {
    const result = await authenticator.authenticate({ authorization: `Bearer ${token}` }, ['apiKey']);
    assert.ok(!result.ok);
    assert.equal(result.problem.code, 'KEEL_UNAUTHENTICATED');
    assert.equal(result.wwwAuthenticate, 'ApiKey realm="bookings", header="X-API-Key"');
  });

  test('nothing present: KEEL_UNAUTHENTICATED challenging every scheme', async () => {
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }]) {
      const result = await authenticator.authenticate(headers);
      assert.ok(!result.ok);
      assert.equal(result.problem.code, 'KEEL_UNAUTHENTICATED');
      assert.equal(result.problem.status, 401);
      assert.equal(result.reason, 'missing');
      assert.equal(result.wwwAuthenticate, 'Bearer realm="bookings", ApiKey realm="bookings", header="X-API-Key"');
      assert.match(result.problem.message, /a bearer token in Authorization or an API key in X-API-Key/);
    }
  });

  test('the bearer scheme name is case-insensitive; two Authorization headers are refused', async () => {
    assert.ok((await authenticator.authenticate({ authorization: `bearer ${token}` })).ok);
    assert.ok((await authenticator.authenticate({ authorization: `BEARER  ${token}` })).ok);
    const twice = await authenticator.authenticate({ authorization: [`Bearer ${token}`, `Bearer ${token}`] });
    assert.ok(!twice.ok);
    assert.equal(twice.problem.code, 'KEEL_INVALID_CREDENTIALS');
  });

  test('an operation naming an undefined scheme is a configuration error', async () => {
    await assert.rejects(authenticator.authenticate({}, ['oauth']), { code: 'KEEL_CONFIG_INVALID' });
  });
});
