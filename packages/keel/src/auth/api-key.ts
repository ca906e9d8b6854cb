import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A newly issued API key: show `secret` once; store only `hash` and `displayPrefix`. */
export interface NewApiKey {
  readonly secret: string;
  /** SHA-256 of the secret, hex: what the key is stored and found by. */
  readonly hash: string;
  /** The typed prefix and the first characters after it, to tell keys apart in a list. */
  readonly displayPrefix: string;
}

/** Characters of the random part kept in `displayPrefix` (with `bk_`, 8 characters in all). */
const displayedCharacters = 5;

/**
 * Issues a key: the prefix, then 32 random bytes in base64url (256 bits, so an unsalted SHA-256 is safe to store and
 * find it by; it is not a password).
 *
 * @example
 * const { secret, hash, displayPrefix } = newApiKey('bk_');
 */
export function newApiKey(prefix: string): NewApiKey {
  const secret = prefix + randomBytes(32).toString('base64url');
  return { secret, hash: apiKeyHash(secret), displayPrefix: secret.slice(0, prefix.length + displayedCharacters) };
}

/** The SHA-256 of a presented key, hex. */
export function apiKeyHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether two hex hashes are equal, in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
