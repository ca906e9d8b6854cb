import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { sql } from 'kysely';
import type { IdentityDb } from './identity-schema.ts';

/** The one algorithm managed keys use; access.yaml pins it on the verifying side. */
export const signingAlgorithm = 'ES256';

/** What a token's header may contribute to finding its key; nothing else in it is read. */
export interface KeyLookup {
  readonly alg?: string | undefined;
  readonly kid?: string | undefined;
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

/** A JSON Web Key Set of public keys, as served at /.well-known/jwks.json. */
export interface PublicKeySet {
  readonly keys: readonly JWK[];
}

export interface SigningKeyStore {
  /** The key that signs now: the newest unretired one, created (rotating) when there is none. */
  signingKey(): Promise<SigningKey>;
  /** The public key for a token's header, or undefined for another algorithm, an unknown or an expired kid. */
  resolveKey(lookup: KeyLookup): Promise<CryptoKey | undefined>;
  jwks(): Promise<PublicKeySet>;
}

export interface SigningKeyStoreOptions {
  /** How long a key signs before a new one takes over. */
  readonly rotationSeconds: number;
  /** How long a retired key still verifies: the longest life of a token it signed, plus clock skew. */
  readonly verificationSeconds: number;
  /** Least time between two reloads for unknown kids, so forged kids cannot turn every request into a query. */
  readonly unknownKidCooldownMs: number;
  readonly now: () => number;
}

/** `pg_advisory_xact_lock` key serialising key creation across instances ("keelkey" in ASCII, truncated). */
const rotationLockKey = 0x6b65656c6b6579;
/** RFC 7638 SHA-256 thumbprints, base64url: a kid of any other shape is never looked up. */
const kidPattern = /^[A-Za-z0-9_-]{43}$/;

interface CachedPublicKey {
  readonly key: CryptoKey;
  readonly expiresAt: number;
}

interface CurrentKey extends SigningKey {
  readonly retiresAt: number;
}

/**
 * Keel's managed signing keys: ES256 pairs kept in `keel.signing_keys`, named by their JWK thumbprint. The current key
 * signs until it is `rotationSeconds` old; a new one is then created (under an advisory lock, so instances agree on
 * one), and the retired key keeps verifying until every token it signed has expired. Public keys are cached in memory
 * and reloaded when a token names a kid this instance has not seen (another instance rotated).
 *
 * @example
 * const keys = createSigningKeyStore(db, { rotationSeconds: 2592000, verificationSeconds: 960, unknownKidCooldownMs: 1000, now: Date.now });
 * const { kid, privateKey } = await keys.signingKey();
 */
export function createSigningKeyStore(db: IdentityDb, options: SigningKeyStoreOptions): SigningKeyStore {
  const publicKeys = new Map<string, CachedPublicKey>();
  let current: CurrentKey | undefined;
  let pendingCurrent: Promise<CurrentKey> | undefined;
  let pendingReload: Promise<void> | undefined;
  let lastReload = Number.NEGATIVE_INFINITY;

  const loadCurrent = async (): Promise<CurrentKey> => {
    const now = new Date(options.now());
    const locked = async (trx: IdentityDb) => {
      await sql`select pg_advisory_xact_lock(${rotationLockKey})`.execute(trx);
      const existing = await trx
        .selectFrom('keel.signing_keys')
        .select(['kid', 'private_jwk', 'public_jwk', 'retires_at', 'expires_at'])
        .where('algorithm', '=', signingAlgorithm)
        .where('retires_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (existing !== undefined) return existing;
      const created = await newKeyRow(now, options);
      await trx.insertInto('keel.signing_keys').values(created.insert).execute();
      // Keys no token can still use; kept a day longer for clocks that run behind.
      await trx
        .deleteFrom('keel.signing_keys')
        .where('expires_at', '<', new Date(now.getTime() - 86_400_000))
        .execute();
      return created.row;
    };
    // Inside the caller's transaction when given one (Kysely does not nest them); the lock then lasts until it ends.
    const row = await (db.isTransaction ? locked(db) : db.transaction().execute(locked));
    const privateKey = (await importJWK(row.private_jwk, signingAlgorithm)) as CryptoKey;
    publicKeys.set(row.kid, {
      key: (await importJWK(row.public_jwk, signingAlgorithm)) as CryptoKey,
      expiresAt: row.expires_at.getTime(),
    });
    return { kid: row.kid, privateKey, retiresAt: row.retires_at.getTime() };
  };

  const reloadPublicKeys = async (): Promise<void> => {
    lastReload = options.now();
    const rows = await db
      .selectFrom('keel.signing_keys')
      .select(['kid', 'public_jwk', 'expires_at'])
      .where('algorithm', '=', signingAlgorithm)
      .where('expires_at', '>', new Date(options.now()))
      .execute();
    for (const row of rows) {
      if (publicKeys.has(row.kid)) continue;
      publicKeys.set(row.kid, {
        key: (await importJWK(row.public_jwk, signingAlgorithm)) as CryptoKey,
        expiresAt: row.expires_at.getTime(),
      });
    }
  };

  const signingKey = async (): Promise<SigningKey> => {
    if (current !== undefined && options.now() < current.retiresAt) return current;
    pendingCurrent ??= loadCurrent().finally(() => {
      pendingCurrent = undefined;
    });
    current = await pendingCurrent;
    return current;
  };

  return {
    signingKey,

    async resolveKey(lookup) {
      if (lookup.alg !== signingAlgorithm || lookup.kid === undefined || !kidPattern.test(lookup.kid)) {
        return undefined;
      }
      if (!publicKeys.has(lookup.kid)) {
        if (pendingReload === undefined && options.now() - lastReload >= options.unknownKidCooldownMs) {
          pendingReload = reloadPublicKeys().finally(() => {
            pendingReload = undefined;
          });
        }
        // A lookup arriving while a reload runs waits for it: the cooldown starts with the reload, not after it.
        if (pendingReload !== undefined) await pendingReload;
      }
      const cached = publicKeys.get(lookup.kid);
      if (cached === undefined) return undefined;
      if (cached.expiresAt <= options.now()) {
        publicKeys.delete(lookup.kid);
        return undefined;
      }
      return cached.key;
    },

    async jwks() {
      await signingKey();
      const rows = await db
        .selectFrom('keel.signing_keys')
        .select(['public_jwk'])
        .where('algorithm', '=', signingAlgorithm)
        .where('expires_at', '>', new Date(options.now()))
        .orderBy('created_at', 'desc')
        .execute();
      return { keys: rows.map((row) => row.public_jwk) };
    },
  };
}

async function newKeyRow(now: Date, options: SigningKeyStoreOptions) {
  const pair = await generateKeyPair(signingAlgorithm, { extractable: true });
  const exported = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  const publicJwk: JWK = { ...exported, kid, alg: signingAlgorithm, use: 'sig' };
  const privateJwk: JWK = { ...(await exportJWK(pair.privateKey)), kid, alg: signingAlgorithm };
  const retiresAt = new Date(now.getTime() + options.rotationSeconds * 1000);
  const expiresAt = new Date(retiresAt.getTime() + options.verificationSeconds * 1000);
  return {
    insert: {
      kid,
      algorithm: signingAlgorithm,
      private_jwk: JSON.stringify(privateJwk),
      public_jwk: JSON.stringify(publicJwk),
      created_at: now,
      retires_at: retiresAt,
      expires_at: expiresAt,
    },
    row: { kid, private_jwk: privateJwk, public_jwk: publicJwk, retires_at: retiresAt, expires_at: expiresAt },
  };
}
