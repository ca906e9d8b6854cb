import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newSignInCode, signInCodeUsable } from '../src/identity/index.ts';
import { secretHash } from '../src/shared/index.ts';

const sentAt = new Date('2027-01-04T09:00:00Z');
const minutesAfter = (minutes: number) => new Date(sentAt.getTime() + minutes * 60_000);

test('a sign-in code is 256 random bits, stored as its hash, and expires 15 minutes after it is sent', () => {
  const first = newSignInCode(sentAt);
  const second = newSignInCode(sentAt);
  assert.match(first.code, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(first.code, second.code);
  assert.equal(first.hash, secretHash(first.code));
  assert.equal(first.expiresAt.toISOString(), '2027-01-04T09:15:00.000Z');
});

test('a sign-in code signs in once, within its 15 minutes (BR-AUTH-1)', () => {
  const { expiresAt } = newSignInCode(sentAt);
  assert.equal(signInCodeUsable({ expiresAt, usedAt: null }, minutesAfter(5)), true);
  assert.equal(signInCodeUsable({ expiresAt, usedAt: minutesAfter(1) }, minutesAfter(5)), false, 'used once');
  assert.equal(signInCodeUsable({ expiresAt, usedAt: null }, minutesAfter(15)), false, 'expired');
});
