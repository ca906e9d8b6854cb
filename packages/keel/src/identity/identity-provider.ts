import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { AnyDatabase } from '../database/index.ts';
import { KeelError } from '../errors/index.ts';
import { normaliseEmail } from './email-address.ts';
import type { IdentityDb } from './identity-schema.ts';
import {
  createPasswordHasher,
  maxPasswordLength,
  owaspScryptParameters,
  type ScryptParameters,
} from './password-hasher.ts';
import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken } from './refresh-token.ts';
import { createRevocationCache } from './revocation-cache.ts';
import {
  createSigningKeyStore,
  signingAlgorithm,
  type KeyLookup,
  type PublicKeySet,
  type SigningKey,
} from './signing-keys.ts';

export interface IdentityProviderOptions {
  /** The `iss` claim; access.yaml's `issuer`. */
  readonly issuer: string;
  /** The `aud` claim; access.yaml's `audience`. */
  readonly audience: string | readonly string[];
  /** Access token lifetime; default 900 (15 minutes). */
  readonly accessTokenSeconds?: number;
  /** Refresh token lifetime, renewed by every refresh; default 2592000 (30 days). */
  readonly refreshTokenSeconds?: number;
  /** How long a signing key signs before the next one; default 2592000 (30 days). */
  readonly keyRotationSeconds?: number;
  /** Clock skew allowed to verifiers, added to how long a retired key keeps verifying; default 60. */
  readonly clockToleranceSeconds?: number;
  /** How long this instance trusts that a session is live before asking the database again; default 5, 0 never. */
  readonly revocationCacheSeconds?: number;
  /** Least time between two key reloads for unknown kids; default 1000. */
  readonly unknownKidCooldownMs?: number;
  /** scrypt cost; default and minimum OWASP's ln=17, r=8, p=1. */
  readonly password?: ScryptParameters;
  /** Shortest password `signUp` accepts, in characters; default 8. */
  readonly minPasswordLength?: number;
  /** Milliseconds since the epoch; tests move it. */
  readonly now?: () => number;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  /** Seconds until the refresh token expires if unused. */
  readonly refreshExpiresIn: number;
  /** The refresh-token family, the access token's `sid`. */
  readonly sessionId: string;
  readonly userId: string;
}

export interface IssueTokensRequest {
  readonly userId: string;
  readonly tenant?: string | undefined;
}

export interface IdentityUser {
  readonly id: string;
  readonly email: string;
  readonly createdAt: Date;
}

export interface IdentityProvider {
  /** Creates a user with a password; KEEL_EMAIL_TAKEN (nothing changed) when the address has an account. */
  signUp(email: string, password: string): Promise<IdentityUser>;
  /**
   * Changes a user's email address or password (each optional); KEEL_EMAIL_TAKEN or KEEL_PASSWORD_REJECTED with nothing
   * changed. Sessions stay valid: revoke them with `logout` when the change should sign the user out elsewhere.
   */
  updateAccount(userId: string, change: { readonly email?: string; readonly password?: string }): Promise<IdentityUser>;
  /** Tokens for a user's email and password; KEEL_INVALID_CREDENTIALS alike for an unknown address or a wrong password. */
  signIn(email: string, password: string, options?: { readonly tenant?: string }): Promise<IssuedTokens>;
  /** Starts a session (a new refresh-token family) and issues its first pair. */
  issueTokens(request: IssueTokensRequest): Promise<IssuedTokens>;
  /** For a principal the project authenticated its own way (an emailed code, a partner's SSO). */
  issueTokensFor(userId: string, options?: { readonly tenant?: string }): Promise<IssuedTokens>;
  /** Exchanges a refresh token for a new pair in the same family; a second use of a token revokes the family. */
  refresh(refreshToken: string): Promise<IssuedTokens>;
  /** Revokes a session, named by its id (`sid`) or any of its refresh tokens; false when there was none to revoke. */
  logout(sessionIdOrRefreshToken: string): Promise<boolean>;
  /** For the verifier: whether the token's session (`sid`) is revoked; a token without a known sid counts as revoked. */
  isRevoked(claims: Readonly<JWTPayload>): Promise<boolean>;
  /** For the verifier: the public key a token's header names, undefined for another algorithm or an unknown kid. */
  resolveKey(lookup: KeyLookup): Promise<CryptoKey | undefined>;
  /** The public keys that still verify, for /.well-known/jwks.json. */
  jwks(): Promise<PublicKeySet>;
  /**
   * The same provider with its queries on another handle: the request's transaction, for a handler. On PGlite, the one
   * session belongs to that transaction until it ends, so queries on the provider's own handle would wait for it.
   */
  within(database: AnyDatabase): IdentityProvider;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const accessTokenType = 'at+jwt';

type RefreshOutcome =
  | { readonly kind: 'rotated'; readonly sessionId: string; readonly userId: string; readonly tenant: string | null }
  | { readonly kind: 'reused'; readonly sessionId: string }
  | { readonly kind: 'invalid' };

/**
 * Keel's built-in identity provider (`keys: managed`): users with scrypt password hashes, ES256 access tokens signed
 * with rotated keys, refresh tokens that rotate on every use with reuse detection, and revocation by session. Its
 * tables are created by `ensureIdentitySchema`, which must have run first.
 *
 * @example
 * await ensureIdentitySchema(database);
 * const identity = createIdentityProvider(database.db, { issuer: 'https://bookings.example.com', audience: 'bookings-api' });
 * const user = await identity.signUp('ada@example.com', 'correct horse battery staple');
 * const tokens = await identity.signIn('ada@example.com', 'correct horse battery staple');
 */
export function createIdentityProvider(database: AnyDatabase, options: IdentityProviderOptions): IdentityProvider {
  const db = database as IdentityDb;
  const now = options.now ?? Date.now;
  const accessSeconds = options.accessTokenSeconds ?? 900;
  const refreshSeconds = options.refreshTokenSeconds ?? 2_592_000;
  const minPasswordLength = options.minPasswordLength ?? 8;
  const audience = typeof options.audience === 'string' ? options.audience : [...options.audience];
  const hasher = createPasswordHasher(options.password ?? owaspScryptParameters);
  const keys = createSigningKeyStore(db, {
    rotationSeconds: options.keyRotationSeconds ?? 2_592_000,
    verificationSeconds: accessSeconds + (options.clockToleranceSeconds ?? 60),
    unknownKidCooldownMs: options.unknownKidCooldownMs ?? 1000,
    now,
  });
  const revocations = createRevocationCache(options.revocationCacheSeconds ?? 5, now);
  // Verified when the address is unknown, so an unknown address costs as long as a wrong password.
  let dummyHash: Promise<string> | undefined;

  const signAccessToken = async (key: SigningKey, sessionId: string, userId: string, tenant: string | null) => {
    const issuedAt = Math.floor(now() / 1000);
    return new SignJWT(tenant === null ? { sid: sessionId } : { sid: sessionId, tenant })
      .setProtectedHeader({ alg: signingAlgorithm, kid: key.kid, typ: accessTokenType })
      .setIssuer(options.issuer)
      .setAudience(audience)
      .setSubject(userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + accessSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  };

  const tokens = async (
    key: SigningKey,
    sessionId: string,
    userId: string,
    tenant: string | null,
    refreshToken: string,
  ): Promise<IssuedTokens> => ({
    accessToken: await signAccessToken(key, sessionId, userId, tenant),
    tokenType: 'Bearer',
    expiresIn: accessSeconds,
    refreshToken,
    refreshExpiresIn: refreshSeconds,
    sessionId,
    userId,
  });

  const issueTokens = async ({ userId, tenant }: IssueTokensRequest): Promise<IssuedTokens> => {
    if (typeof userId !== 'string' || userId === '') {
      throw new KeelError('KEEL_INTERNAL', 'issueTokens needs the user id as a non-empty string.');
    }
    const key = await keys.signingKey();
    const refreshToken = newRefreshToken();
    const createdAt = new Date(now());
    const sessionId = await inTransaction(db, async (trx) => {
      const session = await trx
        .insertInto('keel.sessions')
        .values({ user_id: userId, tenant: tenant ?? null, created_at: createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('keel.refresh_tokens')
        .values({
          hash: hashRefreshToken(refreshToken),
          session_id: session.id,
          created_at: createdAt,
          expires_at: new Date(createdAt.getTime() + refreshSeconds * 1000),
        })
        .execute();
      return session.id;
    });
    return tokens(key, sessionId, userId, tenant ?? null, refreshToken);
  };

  const invalidCredentials = (message: string) => new KeelError('KEEL_INVALID_CREDENTIALS', message);

  const revokeSession = async (sessionId: string, reason: 'logout' | 'reuse'): Promise<boolean> => {
    const revoked = await db
      .updateTable('keel.sessions')
      .set({ revoked_at: new Date(now()), revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    revocations.remember(sessionId, true);
    return Number(revoked.numUpdatedRows) > 0;
  };

  const checkPassword = (password: string): void => {
    // Code points, as NIST SP 800-63B counts them.
    const length = Array.from(password).length;
    if (length < minPasswordLength || password.length > maxPasswordLength) {
      throw new KeelError(
        'KEEL_PASSWORD_REJECTED',
        `The password must have ${minPasswordLength} to ${maxPasswordLength} characters; it has ${length}.`,
      );
    }
  };

  const provider: IdentityProvider = {
    async signUp(email, password) {
      const address = normaliseEmail(email);
      checkPassword(password);
      const passwordHash = await hasher.hash(password);
      const user = await db
        .insertInto('keel.users')
        .values({ email: address, password_hash: passwordHash })
        .onConflict((conflict) => conflict.column('email').doNothing())
        .returning(['id', 'email', 'created_at'])
        .executeTakeFirst();
      if (user === undefined) {
        throw new KeelError('KEEL_EMAIL_TAKEN', 'An account with this email address already exists.');
      }
      return { id: user.id, email: user.email, createdAt: user.created_at };
    },

    async updateAccount(userId, change) {
      const address = change.email === undefined ? undefined : normaliseEmail(change.email);
      if (change.password !== undefined) checkPassword(change.password);
      const passwordHash = change.password === undefined ? undefined : await hasher.hash(change.password);
      if (address !== undefined) {
        const holder = await db.selectFrom('keel.users').select('id').where('email', '=', address).executeTakeFirst();
        if (holder !== undefined && holder.id !== userId) {
          throw new KeelError('KEEL_EMAIL_TAKEN', 'An account with this email address already exists.');
        }
      }
      const user = await db
        .updateTable('keel.users')
        .set({
          ...(address === undefined ? {} : { email: address }),
          ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
        })
        .where('id', '=', userId)
        .returning(['id', 'email', 'created_at'])
        .executeTakeFirst();
      if (user === undefined) throw new KeelError('KEEL_NOT_FOUND', 'There is no such user.');
      return { id: user.id, email: user.email, createdAt: user.created_at };
    },

    async signIn(email, password, signInOptions = {}) {
      let address: string | undefined;
      try {
        address = normaliseEmail(email);
      } catch {
        address = undefined;
      }
      const user =
        address === undefined
          ? undefined
          : await db
              .selectFrom('keel.users')
              .select(['id', 'password_hash'])
              .where('email', '=', address)
              .executeTakeFirst();
      const refused = invalidCredentials('The email address or the password is wrong.');
      if (user === undefined || user.password_hash === null) {
        // The first time, making the dummy hash is the one scrypt run, so this path never costs two.
        if (dummyHash === undefined) {
          dummyHash = hasher.hash(newRefreshToken());
          await dummyHash;
        } else {
          await hasher.verify(password, await dummyHash);
        }
        throw refused;
      }
      const verification = await hasher.verify(password, user.password_hash);
      if (!verification.valid) throw refused;
      if (verification.needsRehash) {
        await db
          .updateTable('keel.users')
          .set({ password_hash: await hasher.hash(password) })
          .where('id', '=', user.id)
          .where('password_hash', '=', user.password_hash)
          .execute();
      }
      return issueTokens({ userId: user.id, tenant: signInOptions.tenant });
    },

    issueTokens,

    issueTokensFor(userId, forOptions = {}) {
      return issueTokens({ userId, tenant: forOptions.tenant });
    },

    async refresh(refreshToken) {
      if (typeof refreshToken !== 'string' || !isRefreshTokenShaped(refreshToken)) {
        throw invalidCredentials('The refresh token is malformed.');
      }
      // Fetched first: once the old token is marked used, failing to sign would strand the client.
      const key = await keys.signingKey();
      const next = newRefreshToken();
      const at = new Date(now());
      const outcome = await inTransaction(db, async (trx): Promise<RefreshOutcome> => {
        // The row lock serialises concurrent uses of one token: the second waits, then sees it used.
        const row = await trx
          .selectFrom('keel.refresh_tokens as token')
          .innerJoin('keel.sessions as session', 'session.id', 'token.session_id')
          .select([
            'token.session_id',
            'token.used_at',
            'token.expires_at',
            'session.user_id',
            'session.tenant',
            'session.revoked_at',
          ])
          .where('token.hash', '=', hashRefreshToken(refreshToken))
          .forUpdate()
          .executeTakeFirst();
        if (row === undefined || row.revoked_at !== null) return { kind: 'invalid' };
        if (row.used_at !== null) {
          await trx
            .updateTable('keel.sessions')
            .set({ revoked_at: at, revoked_reason: 'reuse' })
            .where('id', '=', row.session_id)
            .execute();
          return { kind: 'reused', sessionId: row.session_id };
        }
        if (row.expires_at.getTime() <= at.getTime()) return { kind: 'invalid' };
        await trx
          .updateTable('keel.refresh_tokens')
          .set({ used_at: at })
          .where('hash', '=', hashRefreshToken(refreshToken))
          .execute();
        await trx
          .insertInto('keel.refresh_tokens')
          .values({
            hash: hashRefreshToken(next),
            session_id: row.session_id,
            created_at: at,
            expires_at: new Date(at.getTime() + refreshSeconds * 1000),
          })
          .execute();
        return { kind: 'rotated', sessionId: row.session_id, userId: row.user_id, tenant: row.tenant };
      });
      if (outcome.kind === 'invalid') throw invalidCredentials('The refresh token is unknown, expired or revoked.');
      if (outcome.kind === 'reused') {
        revocations.remember(outcome.sessionId, true);
        throw new KeelError(
          'KEEL_REFRESH_TOKEN_REUSED',
          'This refresh token was already used; its session has been revoked.',
        );
      }
      return tokens(key, outcome.sessionId, outcome.userId, outcome.tenant, next);
    },

    async logout(sessionIdOrRefreshToken) {
      if (uuidPattern.test(sessionIdOrRefreshToken))
        return revokeSession(sessionIdOrRefreshToken.toLowerCase(), 'logout');
      if (!isRefreshTokenShaped(sessionIdOrRefreshToken)) return false;
      const token = await db
        .selectFrom('keel.refresh_tokens')
        .select('session_id')
        .where('hash', '=', hashRefreshToken(sessionIdOrRefreshToken))
        .executeTakeFirst();
      return token === undefined ? false : revokeSession(token.session_id, 'logout');
    },

    async isRevoked(claims) {
      const sessionId = claims['sid'];
      if (typeof sessionId !== 'string' || !uuidPattern.test(sessionId)) return true;
      const id = sessionId.toLowerCase();
      const known = revocations.lookup(id);
      if (known !== undefined) return known;
      const session = await db
        .selectFrom('keel.sessions')
        .select(['revoked_at', 'user_id'])
        .where('id', '=', id)
        .executeTakeFirst();
      // A sid of someone else's session is refused, but not remembered: it says nothing about that session.
      if (session !== undefined && session.user_id !== claims.sub) return true;
      const revoked = session === undefined || session.revoked_at !== null;
      revocations.remember(id, revoked);
      return revoked;
    },

    resolveKey: (lookup) => keys.resolveKey(lookup),
    jwks: () => keys.jwks(),
    within: (other) => (other === database ? provider : createIdentityProvider(other, options)),
  };
  return provider;
}

/** A transaction on `db`, or `db` itself when it already is one (Kysely does not nest them). */
function inTransaction<T>(db: IdentityDb, fn: (trx: IdentityDb) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
