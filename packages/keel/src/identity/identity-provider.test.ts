import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeProtectedHeader, jwtVerify, type JWTHeaderParameters } from 'jose';
import { isKeelError, type KeelErrorCode } from '../errors/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { createIdentityProvider, type IdentityProvider, type IdentityProviderOptions } from './identity-provider.ts';
import { ensureIdentitySchema } from './identity-schema.ts';

const issuer = 'https://bookings.example.com';
const audience = 'bookings-api';
const day = 86_400_000;

function rejectsWith(code: KeelErrorCode) {
  return (error: unknown) => isKeelError(error) && error.code === code;
}

for (const kind of testDatabaseKinds()) {
  describe(`identity provider on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let clock = Date.now();
    const providerOptions: IdentityProviderOptions = { issuer, audience, now: () => clock };
    /** Another Keel instance: same database, caches of its own. */
    const instance = (options: Partial<IdentityProviderOptions> = {}): IdentityProvider =>
      createIdentityProvider(testDatabase.database.db, { ...providerOptions, ...options });
    let identity: IdentityProvider;

    /** Verifies as the runtime will: pinned algorithm, issuer, audience and type, the key from resolveKey. */
    const verify = async (token: string, provider: IdentityProvider = identity) => {
      const getKey = async (header: JWTHeaderParameters) => {
        const key = await provider.resolveKey(header);
        if (key === undefined) throw new Error(`no key for kid ${String(header.kid)}`);
        return key;
      };
      const { payload } = await jwtVerify(token, getKey, {
        issuer,
        audience,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        currentDate: new Date(clock),
      });
      return payload;
    };

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      await ensureIdentitySchema(testDatabase.database);
      // Idempotent: a second start changes nothing.
      await ensureIdentitySchema(testDatabase.database);
      identity = instance();
    });
    after(() => testDatabase.dispose());

    test('sign-up stores an scrypt PHC hash at OWASP parameters; sign-in issues a verifiable pair', async () => {
      const user = await identity.signUp('  Ada@Example.com ', 'correct horse battery staple');
      assert.equal(user.email, 'ada@example.com');
      const row = await testDatabase.database.db
        .selectFrom('keel.users')
        .select('password_hash')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      assert.match(String(row.password_hash), /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);

      const tokens = await identity.signIn('ADA@example.com', 'correct horse battery staple', { tenant: 'org-1' });
      assert.equal(tokens.userId, user.id);
      assert.equal(tokens.expiresIn, 900);
      assert.match(tokens.refreshToken, /^[A-Za-z0-9_-]{43}$/);
      const claims = await verify(tokens.accessToken);
      assert.equal(claims.sub, user.id);
      assert.equal(claims['sid'], tokens.sessionId);
      assert.equal(claims['tenant'], 'org-1');
      assert.equal(claims.exp, (claims.iat ?? 0) + 900);
      assert.equal(typeof claims.jti, 'string');
      assert.equal(await identity.isRevoked(claims), false);
      // Only the refresh token's digest is stored.
      const stored = await testDatabase.database.db.selectFrom('keel.refresh_tokens').select('hash').execute();
      assert.ok(stored.every((token: { hash: string }) => token.hash !== tokens.refreshToken));
    });

    test('a duplicate email is refused with KEEL_EMAIL_TAKEN and changes nothing', async () => {
      const count = () =>
        testDatabase.database.db
          .selectFrom('keel.users')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
      const before = await count();
      await assert.rejects(identity.signUp('ada@EXAMPLE.com', 'another password'), rejectsWith('KEEL_EMAIL_TAKEN'));
      assert.deepEqual(await count(), before);
      await assert.rejects(identity.signUp('bob@example.com', 'short'), rejectsWith('KEEL_PASSWORD_REJECTED'));
      await assert.rejects(identity.signUp('not an address', 'long enough pw'), rejectsWith('KEEL_VALIDATION_FAILED'));
      assert.deepEqual(await count(), before);
    });

    test('a wrong password and an unknown email fail alike with KEEL_INVALID_CREDENTIALS', async () => {
      const wrong = await identity.signIn('ada@example.com', 'wrong password').catch((error: unknown) => error);
      const unknown = await identity.signIn('nobody@example.com', 'wrong password').catch((error: unknown) => error);
      for (const error of [wrong, unknown]) assert.ok(rejectsWith('KEEL_INVALID_CREDENTIALS')(error), String(error));
      assert.equal((wrong as Error).message, (unknown as Error).message);
    });

    test('refresh rotates: a new pair in the same family, and the old refresh token is spent', async () => {
      const first = await identity.issueTokensFor('user-rotation');
      const second = await identity.refresh(first.refreshToken);
      assert.equal(second.sessionId, first.sessionId);
      assert.notEqual(second.refreshToken, first.refreshToken);
      const claims = await verify(second.accessToken);
      assert.equal(claims.sub, 'user-rotation');
      assert.equal(claims['sid'], first.sessionId);
      const third = await identity.refresh(second.refreshToken);
      assert.equal(await identity.isRevoked(await verify(third.accessToken)), false);
      await assert.rejects(identity.refresh('A'.repeat(43)), rejectsWith('KEEL_INVALID_CREDENTIALS'));
      await assert.rejects(identity.refresh('not a token'), rejectsWith('KEEL_INVALID_CREDENTIALS'));
    });

    test('reusing a spent refresh token revokes the whole family', async () => {
      const first = await identity.issueTokensFor('user-reuse', { tenant: 'org-2' });
      const second = await identity.refresh(first.refreshToken);
      const claims = await verify(second.accessToken);
      assert.equal(await identity.isRevoked(claims), false);
      await assert.rejects(identity.refresh(first.refreshToken), rejectsWith('KEEL_REFRESH_TOKEN_REUSED'));
      // The newest refresh token and the family's access tokens are dead, on this instance and on a fresh one.
      await assert.rejects(identity.refresh(second.refreshToken), rejectsWith('KEEL_INVALID_CREDENTIALS'));
      assert.equal(await identity.isRevoked(claims), true);
      assert.equal(await instance().isRevoked(claims), true);
      const session = await testDatabase.database.db
        .selectFrom('keel.sessions')
        .select('revoked_reason')
        .where('id', '=', first.sessionId)
        .executeTakeFirstOrThrow();
      assert.equal(session.revoked_reason, 'reuse');
    });

    test('logout by sid or by refresh token revokes the family', async () => {
      const bySid = await identity.issueTokensFor('user-logout');
      const claims = await verify(bySid.accessToken);
      assert.equal(await identity.isRevoked(claims), false);
      assert.equal(await identity.logout(bySid.sessionId), true);
      assert.equal(await identity.isRevoked(claims), true);
      await assert.rejects(identity.refresh(bySid.refreshToken), rejectsWith('KEEL_INVALID_CREDENTIALS'));
      assert.equal(await identity.logout(bySid.sessionId), false);

      const byToken = await identity.issueTokensFor('user-logout');
      assert.equal(await identity.logout(byToken.refreshToken), true);
      assert.equal(await identity.isRevoked(await verify(byToken.accessToken)), true);
      assert.equal(await identity.logout('garbage'), false);
    });

    test('isRevoked refuses tokens without a known sid or naming another user’s session', async () => {
      const tokens = await identity.issueTokensFor('user-claims');
      assert.equal(await identity.isRevoked({ sub: 'user-claims' }), true);
      assert.equal(await identity.isRevoked({ sub: 'user-claims', sid: 'not-a-uuid' }), true);
      assert.equal(await identity.isRevoked({ sub: 'user-claims', sid: crypto.randomUUID() }), true);
      assert.equal(await identity.isRevoked({ sub: 'someone-else', sid: tokens.sessionId }), true);
      assert.equal(await identity.isRevoked({ sub: 'user-claims', sid: tokens.sessionId }), false);
    });

    test('another instance’s logout is seen once the live-session cache lapses', async () => {
      const other = instance({ revocationCacheSeconds: 5 });
      const tokens = await identity.issueTokensFor('user-cache');
      const claims = await verify(tokens.accessToken);
      assert.equal(await other.isRevoked(claims), false);
      await identity.logout(tokens.sessionId);
      assert.equal(await other.isRevoked(claims), false, 'cached as live for up to 5 s');
      clock += 5_001;
      assert.equal(await other.isRevoked(claims), true);
    });

    test('two refreshes of one token at once: exactly one succeeds, the other is reuse', async () => {
      for (let round = 0; round < 5; round++) {
        const tokens = await identity.issueTokensFor(`user-race-${round}`);
        const racer = instance();
        // Warmed, so both transactions start together rather than one waiting for its signing key.
        await racer.jwks();
        const results = await Promise.allSettled([
          identity.refresh(tokens.refreshToken),
          racer.refresh(tokens.refreshToken),
        ]);
        const fulfilled = results.filter((result) => result.status === 'fulfilled');
        const rejected = results.filter((result) => result.status === 'rejected');
        assert.equal(fulfilled.length, 1, `round ${round}`);
        assert.ok(rejectsWith('KEEL_REFRESH_TOKEN_REUSED')(rejected[0]?.reason), String(rejected[0]?.reason));
        const used = await testDatabase.database.db
          .selectFrom('keel.refresh_tokens')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('session_id', '=', tokens.sessionId)
          .executeTakeFirstOrThrow();
        assert.equal(Number(used.n), 2, 'one new token only');
      }
    });

    test('key rotation: a new kid signs after the period, the previous key verifies until its tokens expire', async () => {
      const rotating = instance({ keyRotationSeconds: 30 * 86_400 });
      const start = await rotating.issueTokensFor('user-keys');
      const oldKid = decodeProtectedHeader(start.accessToken).kid;
      assert.ok((await rotating.jwks()).keys.some((key) => key.kid === oldKid));

      clock += 30 * day - 60_000;
      const lastOld = await rotating.issueTokensFor('user-keys');
      assert.equal(decodeProtectedHeader(lastOld.accessToken).kid, oldKid);

      clock += 120_000;
      const fresh = await rotating.issueTokensFor('user-keys');
      const newKid = decodeProtectedHeader(fresh.accessToken).kid;
      assert.notEqual(newKid, oldKid);
      const kids = (await rotating.jwks()).keys.map((key) => key.kid);
      assert.ok(kids.includes(newKid) && kids.includes(oldKid), kids.join(', '));
      for (const key of (await rotating.jwks()).keys) assert.equal('d' in key, false, 'no private part in jwks');
      assert.equal((await verify(lastOld.accessToken, rotating)).sub, 'user-keys');
      // An instance that never saw the new key loads it on first sight of its kid.
      assert.equal((await verify(fresh.accessToken, identity)).sub, 'user-keys');

      clock += 16 * 60_000;
      assert.equal(await rotating.resolveKey({ alg: 'ES256', kid: oldKid }), undefined);
      assert.ok(!(await rotating.jwks()).keys.some((key) => key.kid === oldKid));
      assert.notEqual(await rotating.resolveKey({ alg: 'ES256', kid: newKid }), undefined);
      // Only the pinned algorithm, and only kids of the managed shape.
      assert.equal(await rotating.resolveKey({ alg: 'HS256', kid: newKid }), undefined);
      assert.equal(await rotating.resolveKey({ alg: 'ES256', kid: "x' or 1=1 --" }), undefined);
    });
  });
}
