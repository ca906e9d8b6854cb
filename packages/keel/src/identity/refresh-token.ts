import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: the only shape a refresh token can have, checked before any query. */
const refreshTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isRefreshTokenShaped(value: string): boolean {
  return refreshTokenPattern.test(value);
}

/** Only this digest is stored: a leaked table holds no usable token. The token's entropy makes a salt unnecessary. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
