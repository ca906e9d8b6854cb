import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { isKeelError } from '../errors/index.ts';
import { createAuthenticator, type AuthenticatorOptions } from './authenticator.ts';
import type { KeyLookup } from './jwt-key-source.ts';
import type { JwtKeySettings, JwtSchemeSettings } from './scheme-settings.ts';
import {
  serveJson,
  signedToken,
  testAudience,
  testIssuer,
  testKeyPair,
  type JsonServer,
  type TestKeyPair,
} from './test-tokens.ts';

function bearer(keys: JwtKeySettings, algorithms: JwtSchemeSettings['algorithms'] = ['ES256']): JwtSchemeSettings {
  return { type: 'jwt', issuer: testIssuer, audience: testAudience, algorithms, keys };
}

function published(pair: TestKeyPair, kid: string): JWK {
  return { ...pair.publicJwk, kid, alg: pair.alg, use: 'sig' };
}

describe('a remote JWKS served over real HTTP', () => {
  let first: TestKeyPair;
  let second: TestKeyPair;
  let keys: JWK[];
  let server: JsonServer;

  before(async () => {
    [first, second] = await Promise.all([testKeyPair('ES256'), testKeyPair('ES256')]);
    keys = [published(first, 'k1')];
    server = await serveJson(() => ({ keys }));
  });
  after(() => server.close());

  test('is fetched once and cached, then follows a rotation without a restart', async () => {
    const authenticator = await createAuthenticator({ bearer: bearer({ jwks: server.url }) }, { jwksCooldownMs: 0 });
    const check = async (token: string) => authenticator.authenticate({ authorization: `Bearer ${token}` });

    const before = server.requests();
    assert.ok((await check(await signedToken(first, {}, { kid: 'k1' }))).ok);
    assert.ok((await check(await signedToken(first, { sub: 'user-2' }, { kid: 'k1' }))).ok);
    assert.equal(server.requests() - before, 1, 'the set is fetched once for two tokens');

    // Rotation: k2 published, k1 withdrawn. An unknown kid makes the verifier fetch the set again.
    keys = [published(second, 'k2')];
    const rotated = await check(await signedToken(second, {}, { kid: 'k2' }));
    assert.ok(rotated.ok, rotated.ok ? '' : rotated.reason);
    assert.equal(server.requests() - before, 2);

    const withdrawn = await check(await signedToken(first, {}, { kid: 'k1' }));
    assert.ok(!withdrawn.ok);
    assert.equal(withdrawn.reason, 'unknown-key');
    assert.equal(withdrawn.problem.code, 'KEEL_INVALID_CREDENTIALS');
  });

  test('an unknown kid does not refetch within the cooldown', async () => {
    keys = [published(first, 'k1')];
    const authenticator = await createAuthenticator(
      { bearer: bearer({ jwks: server.url }) },
      { jwksCooldownMs: 60_000 },
    );
    const check = async (token: string) => authenticator.authenticate({ authorization: `Bearer ${token}` });
    const before = server.requests();
    assert.ok((await check(await signedToken(first, {}, { kid: 'k1' }))).ok);
    for (const kid of ['x1', 'x2', 'x3']) {
      const result = await check(await signedToken(first, {}, { kid }));
      assert.ok(!result.ok);
      assert.equal(result.reason, 'unknown-key');
    }
    assert.equal(server.requests() - before, 1);
  });

  test('two keys without a kid: the one that verifies is used', async () => {
    keys = [
      { ...first.publicJwk, alg: 'ES256' },
      { ...second.publicJwk, alg: 'ES256' },
    ];
    const authenticator = await createAuthenticator({ bearer: bearer({ jwks: server.url }) });
    assert.ok((await authenticator.authenticate({ authorization: `Bearer ${await signedToken(second)}` })).ok);
  });

  test('an unreachable JWKS is KEEL_AUTHENTICATION_UNAVAILABLE (503), not a 401', async () => {
    const gone = await serveJson(() => ({ keys: [] }));
    const url = gone.url;
    await gone.close();
    const authenticator = await createAuthenticator({ bearer: bearer({ jwks: url }) }, { jwksTimeoutMs: 2_000 });
    const result = await authenticator.authenticate({ authorization: `Bearer ${await signedToken(first)}` });
    assert.ok(!result.ok);
    assert.equal(result.problem.code, 'KEEL_AUTHENTICATION_UNAVAILABLE');
    assert.equal(result.problem.status, 503);
    assert.equal(result.wwwAuthenticate, undefined);
  });
});

describe('managed keys, through the identity provider’s resolver', () => {
  let pair: TestKeyPair;
  let publicKey: CryptoKey;
  const lookups: KeyLookup[] = [];
  let options: AuthenticatorOptions;

  before(async () => {
    pair = await testKeyPair('EdDSA');
    publicKey = (await importJWK(pair.publicJwk, 'EdDSA')) as CryptoKey;
    options = {
      managedKeys: (lookup) => {
        lookups.push(lookup);
        return Promise.resolve(lookup.kid === 'managed-1' ? publicKey : undefined);
      },
    };
  });

  test('are looked up by kid with the pinned algorithm', async () => {
    const authenticator = await createAuthenticator({ bearer: bearer('managed', ['EdDSA']) }, options);
    const result = await authenticator.authenticate({
      authorization: `Bearer ${await signedToken(pair, {}, { kid: 'managed-1', jku: 'https://evil.test/jwks' })}`,
    });
    assert.ok(result.ok);
    assert.deepEqual(lookups.at(-1), { alg: 'EdDSA', kid: 'managed-1' });

    const unknown = await authenticator.authenticate({
      authorization: `Bearer ${await signedToken(pair, {}, { kid: 'managed-2' })}`,
    });
    assert.ok(!unknown.ok);
    assert.equal(unknown.reason, 'unknown-key');
  });

  test('a resolver that returns a shared secret is not used', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-must-not-be-used');
    const authenticator = await createAuthenticator(
      { bearer: bearer('managed', ['EdDSA']) },
      { managedKeys: () => Promise.resolve({ kty: 'oct', k: Buffer.from(secret).toString('base64url') }) },
    );
    const result = await authenticator.authenticate({ authorization: `Bearer ${await signedToken(pair)}` });
    assert.ok(!result.ok);
    assert.equal(result.reason, 'unknown-key');
  });

  test('a failing resolver is KEEL_AUTHENTICATION_UNAVAILABLE', async () => {
    const authenticator = await createAuthenticator(
      { bearer: bearer('managed', ['EdDSA']) },
      { managedKeys: () => Promise.reject(new Error('key store down')) },
    );
    const result = await authenticator.authenticate({ authorization: `Bearer ${await signedToken(pair)}` });
    assert.ok(!result.ok);
    assert.equal(result.problem.code, 'KEEL_AUTHENTICATION_UNAVAILABLE');
  });
});

describe('configuration mistakes are refused at start-up with KEEL_CONFIG_INVALID', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cases: [string, JwtSchemeSettings, AuthenticatorOptions?][] = [
    ['HS256 pinned', bearer({ publicKeys: [publicPem] }, ['HS256' as 'RS256'])],
    ['none pinned', bearer({ publicKeys: [publicPem] }, ['none' as 'RS256'])],
    ['no algorithms', bearer({ publicKeys: [publicPem] }, [])],
    ['a private key given as a public key', bearer({ publicKeys: [privatePem] }, ['RS256'])],
    ['a private JWK', bearer({ publicKeys: [rsa.privateKey.export({ format: 'jwk' })] }, ['RS256'])],
    ['a shared secret JWK', bearer({ publicKeys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, ['RS256'])],
    ['an RSA key with only ES256 pinned', bearer({ publicKeys: [publicPem] }, ['ES256'])],
    ['a JWKS over plain http to another host', bearer({ jwks: 'http://keys.example.com/jwks.json' })],
    ['keys: managed without a resolver', bearer('managed')],
    ['no public keys', bearer({ publicKeys: [] })],
    ['an empty issuer', { ...bearer({ publicKeys: [publicPem] }, ['RS256']), issuer: '' }],
  ];
  for (const [name, settings, options] of cases) {
    test(name, async () => {
      await assert.rejects(createAuthenticator({ bearer: settings }, options), (error: unknown) => {
        assert.ok(isKeelError(error));
        assert.equal(error.code, 'KEEL_CONFIG_INVALID');
        assert.match(error.message, /authentication\.bearer/);
        return true;
      });
    });
  }

  test('a missing key file is KEEL_FILE_NOT_FOUND', async () => {
    await assert.rejects(
      createAuthenticator({ bearer: bearer({ publicKeys: ['keys/absent.pem'] }) }, { baseDir: '/nonexistent' }),
      { code: 'KEEL_FILE_NOT_FOUND' },
    );
  });

  test('a good configuration loads', async () => {
    await createAuthenticator({ bearer: bearer({ publicKeys: [publicPem] }, ['RS256', 'PS256']) });
  });
});
