import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Refusal, SchemeOutcome } from './credential.ts';
import { KeysUnavailableError, type KeySource, type VerificationKey } from './jwt-key-source.ts';
import type { JwtAlgorithm, JwtSchemeSettings } from './scheme-settings.ts';

/** Answers whether a verified token was revoked (logout, a disabled user); the identity provider checks `sid`. */
export type RevocationCheck = (claims: Readonly<JWTPayload>, scheme: string) => Promise<boolean>;

export interface JwtVerifierOptions {
  readonly keys: KeySource;
  readonly clockToleranceSeconds: number;
  readonly isRevoked?: RevocationCheck | undefined;
  readonly cache?: VerifiedTokenCacheOptions | undefined;
}

/**
 * Tokens already verified, so a client reusing its access token skips the signature check. Only the signature,
 * issuer, audience and type results are reused: expiry is checked on every hit, revocation is asked every time, and an
 * entry lives at most `maxAgeSeconds`, so a key withdrawn from a JWKS stops being honoured within that time.
 */
export interface VerifiedTokenCacheOptions {
  /** 0 turns the cache off. Default 1,000 tokens per scheme. */
  readonly maxEntries?: number;
  /** Default 60 s. */
  readonly maxAgeSeconds?: number;
}

interface CachedToken {
  readonly payload: Readonly<JWTPayload> & { readonly sub: string };
  /** Seconds since the epoch after which the entry is not used. */
  readonly usableUntil: number;
}

/** Longer tokens are verified every time rather than held in memory. */
const maxCachedTokenLength = 4096;

/** Verifies one bearer token against one scheme: a credential, or why not. */
export type JwtVerifier = (token: string) => Promise<SchemeOutcome>;

/** The longest token read; longer ones are refused unparsed. */
const maxTokenLength = 16 * 1024;

/**
 * Builds the verifier for a `type: jwt` scheme. The algorithm list and the keys come from the configuration only: the
 * header's `alg` must be one of the pinned names (so `none` in any casing and HS256 never reach a key), `kid` is a map
 * key, and `jwk`, `jku`, `x5u` and `x5c` are never read.
 *
 * @example
 * const verify = createJwtVerifier('bearer', settings, { keys, clockToleranceSeconds: 30 });
 * const outcome = await verify(token);
 */
export function createJwtVerifier(
  scheme: string,
  settings: JwtSchemeSettings,
  options: JwtVerifierOptions,
): JwtVerifier {
  const allowed = new Set<string>(settings.algorithms);
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [...settings.algorithms],
    issuer: settings.issuer,
    audience: typeof settings.audience === 'string' ? settings.audience : [...settings.audience],
    clockTolerance: settings.clockToleranceSeconds ?? options.clockToleranceSeconds,
    requiredClaims: ['sub', 'exp'],
    ...(settings.typ === undefined ? {} : { typ: settings.typ }),
  };

  const maxEntries = options.cache?.maxEntries ?? 1000;
  const maxAgeSeconds = options.cache?.maxAgeSeconds ?? 60;
  const tolerance = verifyOptions.clockTolerance as number;
  const verified = new Map<string, CachedToken>();

  const accept = async (payload: CachedToken['payload']): Promise<SchemeOutcome> => {
    if (options.isRevoked !== undefined && (await options.isRevoked(payload, scheme))) {
      return refused('revoked', 'The access token was revoked');
    }
    return { present: true, credential: { kind: 'jwt', scheme, subject: payload.sub, claims: payload } };
  };

  return async (token) => {
    const hit = verified.get(token);
    if (hit !== undefined) {
      if (Date.now() / 1000 <= hit.usableUntil) return accept(hit.payload);
      verified.delete(token);
    }
    if (token.length > maxTokenLength) return refused('malformed', 'The access token is too long');
    let alg: unknown;
    let kid: unknown;
    try {
      ({ alg, kid } = decodeProtectedHeader(token));
    } catch (error) {
      return refused('malformed', 'The access token is malformed', error);
    }
    if (typeof alg !== 'string' || !allowed.has(alg)) {
      return refused('algorithm-not-allowed', 'The access token is signed with an algorithm this API does not accept');
    }
    if (kid !== undefined && typeof kid !== 'string') return refused('malformed', 'The access token is malformed');

    let candidates: readonly VerificationKey[];
    try {
      candidates = await options.keys({ alg: alg as JwtAlgorithm, kid });
    } catch (error) {
      if (error instanceof KeysUnavailableError) return refused('keys-unavailable', error.message, error);
      throw error;
    }
    if (candidates.length === 0) return refused('unknown-key', 'The access token is signed by an unknown key');

    let payload: JWTPayload | undefined;
    let lastError: unknown;
    for (const key of candidates) {
      try {
        ({ payload } = await jwtVerify(token, key, verifyOptions));
        break;
      } catch (error) {
        lastError = error;
        // Only a signature mismatch says "maybe another key"; any other error is the token's.
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
      }
    }
    if (payload === undefined) return refusalFor(lastError);

    if (typeof payload.sub !== 'string' || payload.sub === '') {
      return refused('missing-claim', 'The access token has no subject (sub)');
    }
    // Shared by every request that presents the token, so nobody may change it.
    const claims = deepFreeze(payload) as CachedToken['payload'];
    if (maxEntries > 0 && token.length <= maxCachedTokenLength) {
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value ?? '');
      const expiry = (claims.exp ?? 0) + tolerance;
      verified.set(token, { payload: claims, usableUntil: Math.min(expiry, Date.now() / 1000 + maxAgeSeconds) });
    }
    return accept(claims);
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

function refused(reason: Refusal['reason'], detail: string, cause?: unknown): SchemeOutcome {
  return { present: true, refusal: cause === undefined ? { reason, detail } : { reason, detail, cause } };
}

const claimReasons: Readonly<Record<string, [Refusal['reason'], string]>> = {
  nbf: ['not-yet-valid', 'The access token is not valid yet'],
  iss: ['wrong-issuer', 'The access token was issued by an issuer this API does not trust'],
  aud: ['wrong-audience', 'The access token is meant for another audience'],
  typ: ['wrong-type', 'The access token has the wrong type (typ)'],
};

function refusalFor(error: unknown): SchemeOutcome {
  if (error instanceof errors.JWTExpired) return refused('expired', 'The access token expired', error);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing')
      return refused('missing-claim', `The access token has no ${error.claim} claim`, error);
    const known = claimReasons[error.claim];
    if (known !== undefined) return refused(known[0], known[1], error);
    return refused('malformed', `The access token's ${error.claim} claim is invalid`, error);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return refused('algorithm-not-allowed', 'The access token is signed with an algorithm this API does not accept');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return refused('bad-signature', 'The access token’s signature is not valid', error);
  }
  if (error instanceof errors.JOSEError) return refused('malformed', 'The access token is malformed', error);
  throw error;
}
