import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { codeOf, startFlagship, startSmtpRelay, type Flagship, type SmtpRelay } from './harness.ts';

/** The code in a sign-in link of a received message. */
function codeIn(text: string): string {
  const code = /\/sign-in\?code=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  assert.ok(code !== undefined, `no sign-in link in: ${text}`);
  return code;
}

describe('signing in with an emailed code (R-AUTH-1, R-AUTH-2)', () => {
  let flagship: Flagship;
  let relay: SmtpRelay;
  const none = {};

  const requestCode = (email: string) => flagship.post('/v1/sign-in-codes', { email }, none);
  const signIn = (code: string) => flagship.post('/v1/sessions', { code }, none);
  const lastCodeFor = async (email: string) => {
    assert.equal((await requestCode(email)).statusCode, 202);
    const mail = relay.received.at(-1);
    assert.deepEqual(mail?.to, [email.toLowerCase()]);
    return codeIn(mail?.text ?? '');
  };

  before(async () => {
    relay = await startSmtpRelay();
    process.env['SMTP_URL'] = relay.url;
    flagship = await startFlagship('pglite');
  });
  after(async () => {
    await flagship.close();
    await relay.close();
    delete process.env['SMTP_URL'];
  });

  test('AC-AUTH-1-1: a code is requested for a new address: 202, and the relay receives one sign-in link', async () => {
    const before = relay.received.length;
    const response = await requestCode('ada@example.com');
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(relay.received.length, before + 1);
    const mail = relay.received.at(-1);
    assert.deepEqual(mail?.to, ['ada@example.com']);
    codeIn(mail?.text ?? '');
    const [stored] = await flagship.query(sql<{ hash: string }>`select hash from sign_in_codes`);
    assert.notEqual(stored?.hash, codeIn(mail?.text ?? ''), 'the code is stored as its hash, never in clear');
  });

  test('AC-AUTH-1-2: the answer for a known address and for a new one is the same (BR-AUTH-4)', async () => {
    await flagship.user('ann@example.com');
    const known = await requestCode('ann@example.com');
    const unknown = await requestCode('new@example.com');
    const comparable = (response: typeof known) => {
      // The request id and the date differ by nature; nothing else may.
      const headers = Object.entries(response.headers).filter(([name]) => name !== 'x-request-id' && name !== 'date');
      return { status: response.statusCode, headers, body: response.body };
    };
    assert.deepEqual(comparable(known), comparable(unknown));
  });

  test('AC-AUTH-2-1: an unused code signs in: 200 with a bearer token, and a user for the address exists', async () => {
    const code = await lastCodeFor('sam@example.com');
    const response = await signIn(code);
    assert.equal(response.statusCode, 200, response.body);
    const session = response.json<{ accessToken: string; tokenType: string; expiresIn: number; userId: string }>();
    assert.equal(session.tokenType, 'Bearer');
    // BR-AUTH-2: the token expires 8 hours after its issue.
    assert.equal(session.expiresIn, 8 * 3600);
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    assert.equal(claims.exp - claims.iat, 8 * 3600);
    const users = await flagship.query(sql<{ id: string }>`select id from users where email = 'sam@example.com'`);
    assert.deepEqual(
      users.map((user) => user.id),
      [session.userId],
    );
    // The token is accepted: the new user creates an organisation with it.
    const org = await flagship.post(
      '/v1/orgs',
      { name: 'Sam’s', slug: 'sams' },
      { authorization: `Bearer ${session.accessToken}` },
    );
    assert.equal(org.statusCode, 201, org.body);
    // Signing in again with another code finds the same user.
    const again = (await signIn(await lastCodeFor('SAM@example.com'))).json<{ userId: string }>();
    assert.equal(again.userId, session.userId);
  });

  test('AC-AUTH-2-4: a token past its 8 hours (and the 60 s skew allowance) is 401 naming Bearer, with no booking', async (t) => {
    const { accessToken } = (await signIn(await lastCodeFor('eight-hours@example.com'))).json<{
      accessToken: string;
    }>();
    const { id: orgId } = (
      await flagship.post(
        '/v1/orgs',
        { name: 'Eight hours', slug: 'eight-hours' },
        { authorization: `Bearer ${accessToken}` },
      )
    ).json<{ id: string }>();
    const bookings = () => flagship.get(`/v1/orgs/${orgId}/bookings`, { authorization: `Bearer ${accessToken}` });
    assert.equal((await bookings()).statusCode, 200, 'valid while fresh');
    // The clock moves past the 8 hours by a second more than the 60 s that verifiers allow for clock skew between
    // instances; timers stay real, so the database and the server keep working.
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + (8 * 3600 + 60 + 1) * 1000 });
    const late = await bookings();
    assert.equal(late.statusCode, 401);
    assert.match(String(late.headers['www-authenticate']), /^Bearer\b/);
    assert.equal(late.json<{ items?: unknown }>().items, undefined);
  });

  test('AC-AUTH-2-2: a code signs in once; the second use is 401 SIGN_IN_CODE_INVALID (BR-AUTH-1)', async () => {
    const code = await lastCodeFor('once@example.com');
    assert.equal((await signIn(code)).statusCode, 200);
    const second = await signIn(code);
    assert.equal(second.statusCode, 401);
    assert.equal(codeOf(second), 'SIGN_IN_CODE_INVALID');
    assert.equal(second.json<{ accessToken?: string }>().accessToken, undefined);
  });

  test('AC-AUTH-2-3: a code sent 15 minutes and 1 second ago is 401 SIGN_IN_CODE_INVALID (BR-AUTH-1)', async () => {
    const code = await lastCodeFor('late@example.com');
    await flagship.query(sql`
      update sign_in_codes set created_at = now() - interval '15 minutes 1 second',
        expires_at = now() - interval '1 second'
      where email = 'late@example.com'`);
    const response = await signIn(code);
    assert.equal(response.statusCode, 401);
    assert.equal(codeOf(response), 'SIGN_IN_CODE_INVALID');
    const users = await flagship.query(sql`select id from users where email = 'late@example.com'`);
    assert.equal(users.length, 0, 'no user is created by a refused code');
  });

  test('a code that was never sent is 401, and a malformed one 400', async () => {
    assert.equal((await signIn('A'.repeat(43))).statusCode, 401);
    assert.equal((await signIn('short')).statusCode, 400);
  });
});

describe('signing in is rate-limited per address (NFR-RATE-3)', () => {
  let flagship: Flagship;
  before(async () => {
    flagship = await startFlagship('pglite', { rateLimits: true });
  });
  after(async () => {
    await flagship.close();
  });

  test('the 11th sign-in attempt in a minute is 429 with Retry-After, as the contract declares', async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<Flagship['post']>> | undefined;
    for (let attempt = 0; attempt < 11; attempt++) {
      const response = await flagship.post('/v1/sessions', { code: 'B'.repeat(43) }, {});
      statuses.push(response.statusCode);
      if (response.statusCode === 429) refused = response;
    }
    assert.deepEqual(statuses, [...Array.from({ length: 10 }, () => 401), 429]);
    assert.match(String(refused?.headers['retry-after']), /^\d+$/);
    assert.match(String(refused?.headers['content-type']), /application\/problem\+json/);
  });
});
