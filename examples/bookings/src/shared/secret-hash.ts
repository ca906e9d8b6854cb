import { createHash, randomBytes } from 'node:crypto';

/** A new secret to hand out (a sign-in code, an API key): 32 random bytes, base64url, 43 characters. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The SHA-256 of a secret, hex: what the service stores and looks rows up by. Unsalted on purpose: the secrets are 256
 * random bits, not passwords, and a salt would rule out finding a row by its hash (ADR-0003).
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
