import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import { createAuthenticator, type Authenticator } from './authenticator.ts';
import type { AuthenticationResult } from './credential.ts';
import type { JwtSchemeSettings } from './scheme-settings.ts';
import {
  handMadeToken,
  nowSeconds,
  serveJson,
  signedToken,
  testAudience,
  testIssuer,
  testKeyPair,
  validClaims,
  type JsonServer,
  type TestKeyPair,
} from './test-tokens.ts';

let es256: TestKeyPair;
let rs256: TestKeyPair;
let eddsa: TestKeyPair;
let attacker: TestKeyPair;
let authenticator: Authenticator;
let keyFolder: string;
const revokedSessions = new Set(['session-logged-out']);

before(async () => {
  [es256, rs256, eddsa, attacker] = await Promise.all([
    testKeyPair('ES256'),
    testKeyPair('RS256'),
    testKeyPair('EdDSA'),
    testKeyPair('ES256'),
  ]);
  keyFolder = await mkdtemp(join(tmpdir(), 'keel-auth-'));
  await writeFile(join(keyFolder, 'ed25519.pem'), eddsa.publicPem);
  const bearer: JwtSchemeSettings = {
    type: 'jwt',
    issuer: testIssuer,
    audience: testAudience,
    algorithms: ['ES256', 'RS256', 'EdDSA'],
    // One of each kind of static key: inline PEM, a JWK with a kid, a PEM file relative to the project root.
    keys: { publicKeys: [es256.publicPem, { ...rs256.publicJwk, kid: 'rs-1' }, 'ed25519.pem'] },
  };
  authenticator = await createAuthenticator(
    { bearer },
    {
      baseDir: keyFolder,
      isRevoked: (claims) => Promise.resolve(typeof claims['sid'] === 'string' && revokedSessions.has(claims['sid'])),
    },
  );
});

after(async () => {
  await rm(keyFolder, { recursive: true, force: true });
});

function withToken(token: string): Promise<AuthenticationResult> {
  return authenticator.authenticate({ authorization: `Bearer ${token}` });
}

async function assertRefused(token: string, reason: string): Promise<void> {
  const result = await withToken(token);
  assert.equal(result.ok, false, `accepted a token that should be refused (${reason})`);
  if (result.ok) return;
  assert.equal(result.problem.code, 'KEEL_INVALID_CREDENTIALS');
  assert.equal(result.problem.status, 401);
  assert.equal(result.reason, reason);
  assert.match(result.wwwAuthenticate ?? '', /^Bearer error="invalid_token", error_description="[^"]+"$/);
}

function alteredSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

describe('valid tokens are accepted', () => {
  for (const name of ['ES256', 'RS256', 'EdDSA'] as const) {
    test(name, async () => {
      const pair = { ES256: es256, RS256: rs256, EdDSA: eddsa }[name];
      const result = await withToken(await signedToken(pair, { role: 'member' }));
      assert.ok(result.ok, result.ok ? '' : `${result.reason}: ${result.problem.message}`);
      assert.equal(result.credential.kind, 'jwt');
      assert.equal(result.credential.scheme, 'bearer');
      assert.equal(result.credential.subject, 'user-1');
      if (result.credential.kind === 'jwt') assert.equal(result.credential.claims['role'], 'member');
    });
  }

  test('a kid names its key; an unkeyed key serves tokens with any kid', async () => {
    assert.ok((await withToken(await signedToken(rs256, {}, { kid: 'rs-1' }))).ok);
    assert.ok((await withToken(await signedToken(es256, {}, { kid: 'issuer-named-it' }))).ok);
  });

  test('expiry within the clock tolerance (30 s) is still accepted', async () => {
    assert.ok((await withToken(await signedToken(es256, { exp: nowSeconds() - 10 }))).ok);
  });
});

describe('the JWT battery: every attack is refused with KEEL_INVALID_CREDENTIALS', () => {
  test('no token at all is KEEL_UNAUTHENTICATED with a bare challenge', async () => {
    const result = await authenticator.authenticate({});
    assert.ok(!result.ok);
    assert.equal(result.problem.code, 'KEEL_UNAUTHENTICATED');
    assert.equal(result.problem.status, 401);
    assert.equal(result.wwwAuthenticate, 'Bearer');
  });

  test('malformed tokens', async () => {
    for (const token of ['not-a-jwt', 'a.b', 'a.b.c', handMadeToken({ alg: 'ES256' }, validClaims()).slice(0, 20)]) {
      await assertRefused(token, 'malformed');
    }
    const result = await authenticator.authenticate({ authorization: 'Bearer' });
    assert.ok(!result.ok);
    assert.equal(result.problem.code, 'KEEL_INVALID_CREDENTIALS');
  });

  test('an altered signature, an altered payload, a stripped signature', async () => {
    const token = await signedToken(es256);
    await assertRefused(alteredSignature(token), 'bad-signature');
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...validClaims(), sub: 'admin' })).toString('base64url');
    await assertRefused(`${header}.${forgedPayload}.${signature}`, 'bad-signature');
    await assertRefused(`${header}.${token.split('.')[1]}.`, 'bad-signature');
  });

  test('alg none in any casing, with and without a signature', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await assertRefused(handMadeToken({ alg, typ: 'JWT' }, validClaims()), 'algorithm-not-allowed');
      await assertRefused(handMadeToken({ alg }, validClaims(), 'c2lnbmF0dXJl'), 'algorithm-not-allowed');
    }
    await assertRefused(handMadeToken({ typ: 'JWT' }, validClaims()), 'algorithm-not-allowed');
  });

  test('key confusion: HS256 signed with the RSA and EC public keys as the secret', async () => {
    for (const pair of [rs256, es256]) {
      for (const secret of [pair.publicPem, JSON.stringify(pair.publicJwk)]) {
        const token = await new SignJWT(validClaims())
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(secret));
        await assertRefused(token, 'algorithm-not-allowed');
      }
    }
  });

  test('HS256 with an empty or common secret', async () => {
    for (const secret of ['secret', 'password', '\0']) {
      const token = await new SignJWT(validClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(secret));
      await assertRefused(token, 'algorithm-not-allowed');
    }
    const header = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
    await assertRefused(
      `${header}.${Buffer.from(JSON.stringify(validClaims())).toString('base64url')}.`,
      'algorithm-not-allowed',
    );
  });

  test('a JWK embedded in the header, signed by the attacker’s key', async () => {
    await assertRefused(await signedToken(attacker, {}, { jwk: attacker.publicJwk }), 'bad-signature');
    const keyed = await signedToken(attacker, {}, { jwk: { ...attacker.publicJwk, kid: 'rs-1' }, kid: 'attacker' });
    assert.equal((await withToken(keyed)).ok, false);
  });

  describe('jku and x5u pointing at the attacker’s server', () => {
    let attackerServer: JsonServer;
    before(async () => {
      attackerServer = await serveJson(() => ({ keys: [{ ...attacker.publicJwk, kid: 'attacker', alg: 'ES256' }] }));
    });
    after(() => attackerServer.close());

    test('are refused and never fetched', async () => {
      for (const header of [
        { kid: 'attacker', jku: attackerServer.url },
        { kid: 'attacker', x5u: attackerServer.url },
        { jku: attackerServer.url },
      ]) {
        const result = await withToken(await signedToken(attacker, {}, header));
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.problem.code, 'KEEL_INVALID_CREDENTIALS');
      }
      assert.equal(attackerServer.requests(), 0);
    });
  });

  test('kid injection strings are only lookup keys that miss', async () => {
    for (const kid of [
      '../../dev/null',
      '/dev/null',
      "' OR '1'='1",
      "x'; drop table users; --",
      '| rm -rf /',
      '$(id)',
      '\u0000',
    ]) {
      const attackerToken = await signedToken(attacker, {}, { kid });
      const result = await withToken(attackerToken);
      assert.ok(!result.ok, `kid ${JSON.stringify(kid)} was accepted`);
      assert.equal(result.problem.code, 'KEEL_INVALID_CREDENTIALS');
      // The classic /dev/null trick: an HMAC over an empty key.
      await assertRefused(
        await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid }).sign(new Uint8Array(1)),
        'algorithm-not-allowed',
      );
    }
    await assertRefused(handMadeToken({ alg: 'ES256', kid: { $ne: null } }, validClaims(), 'AAAA'), 'malformed');
  });

  test('expired, and not yet valid, beyond the tolerance', async () => {
    await assertRefused(await signedToken(es256, { exp: nowSeconds() - 120 }), 'expired');
    await assertRefused(await signedToken(es256, { nbf: nowSeconds() + 120 }), 'not-yet-valid');
  });

  test('wrong issuer, wrong audience', async () => {
    await assertRefused(await signedToken(es256, { iss: 'https://evil.test' }), 'wrong-issuer');
    await assertRefused(await signedToken(es256, { aud: 'another-api' }), 'wrong-audience');
    await assertRefused(await signedToken(es256, { aud: [] }), 'wrong-audience');
  });

  test('missing sub or exp, and an empty sub', async () => {
    const withoutSub = validClaims();
    delete withoutSub.sub;
    const noSub = await new SignJWT(withoutSub).setProtectedHeader({ alg: 'ES256' }).sign(es256.privateKey);
    await assertRefused(noSub, 'missing-claim');
    const withoutExp = await new SignJWT({ sub: 'user-1', iss: testIssuer, aud: testAudience })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(es256.privateKey);
    await assertRefused(withoutExp, 'missing-claim');
    await assertRefused(await signedToken(es256, { sub: '' }), 'missing-claim');
  });

  test('a revoked session (isRevoked)', async () => {
    assert.ok((await withToken(await signedToken(es256, { sid: 'session-live' }))).ok);
    await assertRefused(await signedToken(es256, { sid: 'session-logged-out' }), 'revoked');
  });

  test('a key of the right kind that is not configured', async () => {
    await assertRefused(await signedToken(attacker), 'bad-signature');
    // rs-1 names an RSA key, so an ES256 token with that kid has no key at all.
    await assertRefused(await signedToken(attacker, {}, { kid: 'rs-1' }), 'unknown-key');
  });

  test('an RS256 token signed with the right key but sent as PS256 or ES256', async () => {
    const token = await signedToken(rs256);
    const [, payload, signature] = token.split('.');
    for (const alg of ['PS256', 'ES256', 'rs256']) {
      const header = Buffer.from(JSON.stringify({ alg })).toString('base64url');
      const result = await withToken(`${header}.${payload}.${signature}`);
      assert.equal(result.ok, false, alg);
    }
  });
});

describe('typ, when configured', () => {
  test('is required and compared', async () => {
    const typed = await createAuthenticator({
      bearer: {
        type: 'jwt',
        issuer: testIssuer,
        audience: testAudience,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        keys: { publicKeys: [es256.publicPem] },
      },
    });
    const check = (token: string) => typed.authenticate({ authorization: `Bearer ${token}` });
    assert.ok((await check(await signedToken(es256, {}, { typ: 'at+jwt' }))).ok);
    for (const header of [{}, { typ: 'JWT' }]) {
      const result = await check(await signedToken(es256, {}, header));
      assert.ok(!result.ok);
      assert.equal(result.reason, 'wrong-type');
    }
  });
});

describe('the verified-token cache', () => {
  test('a cached token is refused once it expires, and revocation is asked on every hit', async (context) => {
    context.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const asked: string[] = [];
    const cached = await createAuthenticator(
      {
        bearer: {
          type: 'jwt',
          issuer: testIssuer,
          audience: testAudience,
          algorithms: ['ES256'],
          keys: { publicKeys: [es256.publicPem] },
        },
      },
      {
        clockToleranceSeconds: 5,
        isRevoked: (claims) => {
          asked.push(String(claims['sid']));
          return Promise.resolve(false);
        },
      },
    );
    const token = await signedToken(es256, { sid: 's1', exp: nowSeconds() + 20 });
    const check = () => cached.authenticate({ authorization: `Bearer ${token}` });
    const first = await check();
    assert.ok(first.ok);
    assert.ok((await check()).ok);
    assert.deepEqual(asked, ['s1', 's1']);
    assert.ok(first.credential.kind === 'jwt' && Object.isFrozen(first.credential.claims));

    context.mock.timers.tick(30_000);
    const expired = await check();
    assert.ok(!expired.ok);
    assert.equal(expired.reason, 'expired');
  });

  describe('and a key withdrawn from the JWKS', () => {
    let keys: object[];
    let server: JsonServer;
    before(async () => {
      keys = [{ ...es256.publicJwk, kid: 'k1', alg: 'ES256' }];
      server = await serveJson(() => ({ keys }));
    });
    after(() => server.close());

    test('stops being honoured within maxAgeSeconds', async (context) => {
      context.mock.timers.enable({ apis: ['Date'], now: Date.now() });
      const cached = await createAuthenticator(
        {
          bearer: {
            type: 'jwt',
            issuer: testIssuer,
            audience: testAudience,
            algorithms: ['ES256'],
            keys: { jwks: server.url },
          },
        },
        { jwksCooldownMs: 0, jwksCacheMaxAgeMs: 5_000, verifiedTokenCache: { maxAgeSeconds: 10 } },
      );
      const token = await signedToken(es256, {}, { kid: 'k1' });
      const check = () => cached.authenticate({ authorization: `Bearer ${token}` });
      assert.ok((await check()).ok);
      keys = [];
      context.mock.timers.tick(6_000);
      assert.ok((await check()).ok, 'still cached');
      context.mock.timers.tick(5_000);
      const withdrawn = await check();
      assert.ok(!withdrawn.ok);
      assert.equal(withdrawn.reason, 'unknown-key');
    });
  });
});
