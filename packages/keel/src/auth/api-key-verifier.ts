import type { SchemeOutcome } from './credential.ts';
import { apiKeyHash, sameHash } from './api-key.ts';
import type { ApiKeySchemeSettings } from './scheme-settings.ts';

/** A stored key as the lookup returns it. `hash`, when given, is compared again in constant time. */
export interface StoredApiKey {
  readonly id: string;
  readonly tenant: string | undefined;
  readonly revoked: boolean;
  readonly hash?: string;
}

/** Finds a key by the SHA-256 hex of its secret; `scheme` names the access.yaml scheme (and so its table). */
export type ApiKeyLookup = (hash: string, scheme: string) => Promise<StoredApiKey | undefined>;

/** What may follow the prefix: base64url, as `newApiKey` writes it; anything else is refused without a lookup. */
const secretBody = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Builds the verifier for a `type: api-key` scheme: the value must start with the scheme's prefix and have the shape of
 * an issued key before it is hashed and looked up.
 *
 * @example
 * const verify = createApiKeyVerifier('apiKey', settings, findApiKey);
 * const outcome = await verify('bk_…');
 */
export function createApiKeyVerifier(
  scheme: string,
  settings: ApiKeySchemeSettings,
  findApiKey: ApiKeyLookup,
): (presented: string) => Promise<SchemeOutcome> {
  return async (presented) => {
    if (!presented.startsWith(settings.prefix) || !secretBody.test(presented.slice(settings.prefix.length))) {
      return refused('wrong-prefix', `The API key is not a ${settings.prefix}… key`);
    }
    const hash = apiKeyHash(presented);
    const stored = await findApiKey(hash, scheme);
    if (stored === undefined || (stored.hash !== undefined && !sameHash(stored.hash, hash))) {
      return refused('unknown-api-key', 'The API key is not known');
    }
    if (stored.revoked) return refused('revoked', 'The API key was revoked');
    return {
      present: true,
      credential: {
        kind: 'api-key',
        scheme,
        keyId: stored.id,
        subject: stored.id,
        tenant: stored.tenant,
        role: settings.role,
        prefix: settings.prefix,
      },
    };
  };
}

function refused(reason: 'wrong-prefix' | 'unknown-api-key' | 'revoked', detail: string): SchemeOutcome {
  return { present: true, refusal: { reason, detail } };
}
