import { randomSecret, secretHash } from '../shared/index.ts';

/** How long an emailed sign-in code signs in (BR-AUTH-1). */
export const signInCodeLifetimeMs = 15 * 60 * 1000;

/** A new sign-in code: the code goes into the emailed link, the hash and expiry into the database (ADR-0003). */
export interface NewSignInCode {
  readonly code: string;
  readonly hash: string;
  readonly expiresAt: Date;
}

export function newSignInCode(now: Date): NewSignInCode {
  const code = randomSecret();
  return { code, hash: secretHash(code), expiresAt: new Date(now.getTime() + signInCodeLifetimeMs) };
}

/** A sign-in code as stored: it signs in once (`usedAt` still null), before `expiresAt` (BR-AUTH-1). */
export interface StoredSignInCode {
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

export function signInCodeUsable(stored: StoredSignInCode, now: Date): boolean {
  return stored.usedAt === null && now.getTime() < stored.expiresAt.getTime();
}
