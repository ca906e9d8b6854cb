import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { isKeelError } from '../errors/index.ts';
import { createPasswordHasher, parsePhc } from './password-hasher.ts';

const hasher = createPasswordHasher();

/** A hash made the way an older configuration would have made it. */
function legacyHash(password: string, ln: number): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 2 ** ln, r: 8, p: 1 });
  const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${ln},r=8,p=1$${b64(salt)}$${b64(hash)}`;
}

test('a hash is a PHC string with OWASP parameters, a 16-byte salt and a 32-byte hash, and verifies', async () => {
  const stored = await hasher.hash('correct horse battery staple');
  assert.match(stored, /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  const parsed = parsePhc(stored);
  assert.equal(parsed?.salt.length, 16);
  assert.equal(parsed?.hash.length, 32);
  assert.deepEqual(await hasher.verify('correct horse battery staple', stored), { valid: true, needsRehash: false });
});

test('a wrong password does not verify, and two hashes of one password differ (salted)', async () => {
  const stored = await hasher.hash('correct horse battery staple');
  assert.deepEqual(await hasher.verify('correct horse battery stapler', stored), { valid: false, needsRehash: false });
  assert.notEqual(await hasher.hash('correct horse battery staple'), stored);
});

test('unknown algorithms and malformed strings never verify', async () => {
  const stored = await hasher.hash('pw-12345678');
  const rest = stored.slice('$scrypt'.length);
  for (const phc of [
    `$argon2id${rest}`,
    stored.replace('ln=17', 'ln=x'),
    stored.slice(0, stored.lastIndexOf('$')),
    '',
    'plain',
  ]) {
    assert.deepEqual(await hasher.verify('pw-12345678', phc), { valid: false, needsRehash: false }, phc);
  }
  // Absurd stored parameters are refused rather than run (128 × 2^30 × 8 bytes).
  assert.equal(parsePhc(stored.replace('ln=17', 'ln=30')), undefined);
});

test('a hash with weaker parameters than configured verifies and asks to be rehashed', async () => {
  const stored = legacyHash('pw-12345678', 14);
  assert.deepEqual(await hasher.verify('pw-12345678', stored), { valid: true, needsRehash: true });
  assert.deepEqual(await hasher.verify('wrong-password', stored), { valid: false, needsRehash: false });
});

test('passwords are NFKC-normalised: composed and decomposed forms verify alike', async () => {
  const stored = await hasher.hash('caf\u00e9-password');
  assert.equal((await hasher.verify('cafe\u0301-password', stored)).valid, true);
});

test('parameters below OWASP minimum are a configuration error', () => {
  assert.throws(
    () => createPasswordHasher({ ln: 14, r: 8, p: 1 }),
    (error: unknown) => isKeelError(error) && error.code === 'KEEL_CONFIG_INVALID',
  );
});
