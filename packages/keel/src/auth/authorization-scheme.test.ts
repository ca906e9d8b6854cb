import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isKeelError } from '../errors/index.ts';
import { createAuthenticator, type Authenticator } from './authenticator.ts';
import type { JwtSchemeSettings } from './scheme-settings.ts';
import { signedToken, testAudience, testIssuer, testKeyPair, type TestKeyPair } from './test-tokens.ts';

describe('a JWT scheme sent as `Authorization: Token <jwt>` (authorizationScheme)', () => {
  let pair: TestKeyPair;
  let token: string;
  let authenticator: Authenticator;
  const settings = (pem: string, authorizationScheme?: string): JwtSchemeSettings => ({
    type: 'jwt',
    issuer: testIssuer,
    audience: testAudience,
    algorithms: ['ES256'],
    keys: { publicKeys: [pem] },
    ...(authorizationScheme === undefined ? {} : { authorizationScheme }),
  });

  before(async () => {
    pair = await testKeyPair('ES256');
    token = await signedToken(pair);
    authenticator = await createAuthenticator({ Token: settings(pair.publicPem, 'Token') }, { realm: 'conduit' });
  });

  test('the token after the declared word is verified, the word matched in any case', async () => {
    for (const header of [`Token ${token}`, `token ${token}`, `TOKEN  ${token}`]) {
      const result = await authenticator.authenticate({ authorization: header });
      assert.ok(result.ok, header.slice(0, 8));
    }
  });

  test('another scheme word is no credential of this scheme, and the challenge names the declared word', async () => {
    const result = await authenticator.authenticate({ authorization: `Bearer ${token}` });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'missing');
    assert.equal(result.wwwAuthenticate, 'Token realm="conduit"');
    assert.match(result.problem.message, /`Token <token>`/);
  });

  test('the word without a well-formed token is refused as malformed', async () => {
    const result = await authenticator.authenticate({ authorization: 'Token not a token' });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'malformed');
    assert.match(result.wwwAuthenticate ?? '', /^Token realm="conduit", error="invalid_token"/);
  });

  test('Bearer stays the default', async () => {
    const bearer = await createAuthenticator({ bearer: settings(pair.publicPem) });
    assert.ok((await bearer.authenticate({ authorization: `Bearer ${token}` })).ok);
    assert.equal((await bearer.authenticate({ authorization: `Token ${token}` })).ok, false);
  });

  test('a word that is not an RFC 9110 token is refused at start-up', async () => {
    await assert.rejects(
      createAuthenticator({ Token: settings(pair.publicPem, 'Token x') }),
      (error: unknown) => isKeelError(error) && error.code === 'KEEL_CONFIG_INVALID',
    );
  });
});
