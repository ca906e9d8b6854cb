import { createPublicKey, KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { createRemoteJWKSet, errors, importJWK, type CryptoKey, type JWK } from 'jose';
import { KeelError } from '../errors/index.ts';
import type { JwtAlgorithm, JwtSchemeSettings, PublicKeySource } from './scheme-settings.ts';

/** What a token's header may contribute to finding its key: the pinned `alg` and `kid` as a lookup key, nothing else. */
export interface KeyLookup {
  readonly alg: JwtAlgorithm;
  readonly kid: string | undefined;
}

/** A public verification key; a shared secret is refused wherever one could be given. */
export type VerificationKey = CryptoKey | KeyObject | JWK;

/**
 * Finds the keys for `keys: managed`: Keel's identity provider passes one. Return cached CryptoKeys (importing on every
 * call costs more than verifying), or undefined for an unknown kid.
 */
export type ManagedKeyResolver = (lookup: KeyLookup) => Promise<VerificationKey | undefined>;

/** The candidate keys for a token: none when the kid is unknown. Throws only when keys cannot be fetched. */
export type KeySource = (lookup: KeyLookup) => Promise<readonly VerificationKey[]>;

export interface KeySourceOptions {
  /** Resolves relative `publicKeys` paths (the project root). */
  readonly baseDir?: string;
  readonly managedKeys?: ManagedKeyResolver;
  /** Remote JWKS: least time between refetches for an unknown kid (default 30 s). */
  readonly jwksCooldownMs?: number;
  /** Remote JWKS: how long a fetched set is used before it is fetched again (default 10 min). */
  readonly jwksCacheMaxAgeMs?: number;
  /** Remote JWKS: fetch timeout (default 5 s). */
  readonly jwksTimeoutMs?: number;
}

/** Thrown when keys cannot be had (a JWKS endpoint down): the credential is not the problem, so not a 401. */
export class KeysUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KeysUnavailableError';
  }
}

/** Builds a scheme's key source, loading static keys once; configuration errors are KEEL_CONFIG_INVALID. */
export async function createKeySource(
  scheme: string,
  settings: JwtSchemeSettings,
  options: KeySourceOptions,
): Promise<KeySource> {
  const keys = settings.keys;
  if (keys === 'managed') return managedKeySource(scheme, options.managedKeys);
  if ('jwks' in keys) return remoteKeySource(scheme, keys.jwks, options);
  return staticKeySource(scheme, settings.algorithms, keys.publicKeys, options.baseDir ?? process.cwd());
}

function managedKeySource(scheme: string, resolver: ManagedKeyResolver | undefined): KeySource {
  if (resolver === undefined) {
    throw configError(scheme, 'has `keys: managed` but no identity provider was given to resolve its keys', {
      fix: 'Pass `managedKeys` (Keel’s identity provider does) or name `jwks:` or `publicKeys:` in access.yaml.',
    });
  }
  return async (lookup) => {
    let key: VerificationKey | undefined;
    try {
      key = await resolver(lookup);
    } catch (error) {
      throw new KeysUnavailableError(`the identity provider could not resolve key ${lookup.kid ?? '(no kid)'}`, {
        cause: error,
      });
    }
    return key !== undefined && isPublicKey(key) ? [key] : [];
  };
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

function remoteKeySource(scheme: string, url: string, options: KeySourceOptions): KeySource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(scheme, `has a jwks URL that is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname))) {
    throw configError(scheme, `fetches its JWKS over ${parsed.protocol} (${url})`, {
      fix: 'Use an https:// JWKS URL; plain http is accepted only on localhost.',
    });
  }
  const jwks = createRemoteJWKSet(parsed, {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
    timeoutDuration: options.jwksTimeoutMs ?? 5_000,
  });
  return async (lookup) => {
    const header = lookup.kid === undefined ? { alg: lookup.alg } : { alg: lookup.alg, kid: lookup.kid };
    try {
      return [await jwks(header)];
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return [];
      if (error instanceof errors.JWKSMultipleMatchingKeys) {
        const candidates: CryptoKey[] = [];
        for await (const key of error) candidates.push(key);
        return candidates;
      }
      throw new KeysUnavailableError(`the JWKS at ${url} could not be fetched or read`, { cause: error });
    }
  };
}

interface StaticKey {
  readonly kid: string | undefined;
  readonly byAlgorithm: ReadonlyMap<string, CryptoKey>;
}

async function staticKeySource(
  scheme: string,
  algorithms: readonly JwtAlgorithm[],
  sources: readonly PublicKeySource[],
  baseDir: string,
): Promise<KeySource> {
  if (sources.length === 0) throw configError(scheme, 'lists no publicKeys');
  const keys: StaticKey[] = [];
  for (const source of sources) {
    for (const jwk of await readPublicJwks(scheme, source, baseDir)) {
      const byAlgorithm = new Map<string, CryptoKey>();
      for (const alg of algorithms) {
        if (!fitsAlgorithm(jwk, alg)) continue;
        byAlgorithm.set(alg, (await importJWK({ ...jwk, alg }, alg)) as CryptoKey);
      }
      if (byAlgorithm.size === 0) {
        throw configError(
          scheme,
          `has a ${describeKey(jwk)} key that none of its algorithms (${algorithms.join(', ')}) uses`,
          {
            fix: 'Add the key’s algorithm to `algorithms`, or remove the key.',
          },
        );
      }
      keys.push({ kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, byAlgorithm });
    }
  }
  return (lookup) => {
    // A key named by its kid wins; keys without a kid serve any token, and a token without a kid tries every key.
    const named = lookup.kid === undefined ? [] : keys.filter((key) => key.kid === lookup.kid);
    const pool = named.length > 0 ? named : keys.filter((key) => key.kid === undefined || lookup.kid === undefined);
    const candidates: CryptoKey[] = [];
    for (const key of pool) {
      const cryptoKey = key.byAlgorithm.get(lookup.alg);
      if (cryptoKey !== undefined) candidates.push(cryptoKey);
    }
    return Promise.resolve(candidates);
  };
}

async function readPublicJwks(scheme: string, source: PublicKeySource, baseDir: string): Promise<JWK[]> {
  if (typeof source !== 'string') return [publicJwk(scheme, source, 'an inline JWK')];
  if (source.trimStart().startsWith('-----BEGIN')) return [pemToJwk(scheme, source, 'an inline PEM key')];
  const path = isAbsolute(source) ? source : resolve(baseDir, source);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new KeelError('KEEL_FILE_NOT_FOUND', `authentication.${scheme}: cannot read the public key ${path}`, {
      fix: 'Check the path in `publicKeys`; relative paths start at the project root.',
      location: { file: path },
      cause: error,
    });
  }
  if (!text.trimStart().startsWith('{')) return [pemToJwk(scheme, text, path)];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw configError(scheme, `cannot parse ${path} as a JWK`, { cause: error });
  }
  const set = parsed as { keys?: unknown };
  if (Array.isArray(set.keys)) return set.keys.map((jwk: unknown) => publicJwk(scheme, jwk, path));
  return [publicJwk(scheme, parsed, path)];
}

function pemToJwk(scheme: string, pem: string, where: string): JWK {
  if (/PRIVATE KEY-----/.test(pem)) {
    throw configError(scheme, `${where} is a private key`, { fix: 'Give the public key (SPKI PEM) only.' });
  }
  try {
    return createPublicKey(pem).export({ format: 'jwk' });
  } catch (error) {
    throw configError(scheme, `${where} is not a PEM public key or certificate`, { cause: error });
  }
}

function publicJwk(scheme: string, value: unknown, where: string): JWK {
  if (typeof value !== 'object' || value === null) throw configError(scheme, `${where} is not a JWK object`);
  const jwk = value as JWK;
  if (jwk.kty === 'oct' || 'd' in jwk) {
    throw configError(scheme, `${where} holds a secret or private key`, {
      fix: 'Give public keys only: a shared secret would let anyone holding the configuration sign tokens.',
    });
  }
  let normalised: JWK;
  try {
    normalised = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
  } catch (error) {
    throw configError(scheme, `${where} is not a valid public JWK`, { cause: error });
  }
  return jwk.kid === undefined ? normalised : { ...normalised, kid: jwk.kid };
}

const curveOf: Readonly<Record<string, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** Whether a public key can verify tokens of `alg`. */
export function fitsAlgorithm(jwk: JWK, alg: string): boolean {
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (alg.startsWith('RS') || alg.startsWith('PS')) return jwk.kty === 'RSA';
  if (alg.startsWith('ES')) return jwk.kty === 'EC' && jwk.crv === curveOf[alg];
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
}

function isPublicKey(key: VerificationKey): boolean {
  if (key instanceof globalThis.CryptoKey) return key.type === 'public';
  if (key instanceof KeyObject) return key.type === 'public';
  const jwk = key;
  return jwk.kty !== 'oct' && jwk.d === undefined;
}

function describeKey(jwk: JWK): string {
  return jwk.crv === undefined ? (jwk.kty ?? 'unknown') : `${jwk.kty ?? 'unknown'} ${jwk.crv}`;
}

function configError(
  scheme: string,
  message: string,
  options: { readonly fix?: string; readonly cause?: unknown } = {},
): KeelError {
  return new KeelError('KEEL_CONFIG_INVALID', `access.yaml: authentication.${scheme} ${message}`, {
    fix: options.fix ?? 'Correct the scheme in the `authentication` section of access.yaml.',
    location: { file: 'access.yaml' },
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

export { configError as authenticationConfigError };
