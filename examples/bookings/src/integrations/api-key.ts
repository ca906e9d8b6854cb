import { randomSecret, secretHash } from '../shared/index.ts';

/** How many characters of a key are kept in clear, to tell keys apart in a list (BR-KEY-1). */
export const apiKeyPrefixLength = 8;

const apiKeyShape = /^bk_[A-Za-z0-9_-]{43}$/;

/** A newly issued key: `secret` is shown once, in the answer that issues it; only `hash` and `prefix` are stored. */
export interface IssuedApiKey {
  readonly secret: string;
  readonly prefix: string;
  readonly hash: string;
}

export function issueApiKey(): IssuedApiKey {
  const secret = `bk_${randomSecret()}`;
  return { secret, prefix: secret.slice(0, apiKeyPrefixLength), hash: secretHash(secret) };
}

/**
 * The hash to look a presented key up by, or undefined when the value cannot be one of our keys: a malformed header is
 * refused without a query.
 */
export function presentedApiKeyHash(presented: string): string | undefined {
  return apiKeyShape.test(presented) ? secretHash(presented) : undefined;
}
