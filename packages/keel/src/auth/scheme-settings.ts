/**
 * The `authentication` section of access.yaml (ADR 0006), as this folder reads it: one entry per security scheme of the
 * contract, keyed by the scheme's name. The access.yaml loader produces these; tests and other callers may write them.
 */

/** Asymmetric JWS algorithms only: a verifier holding a shared secret could also forge tokens. */
export const jwtAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export type JwtAlgorithm = (typeof jwtAlgorithms)[number];

/** A public key: a path to a PEM (SPKI, PKCS#1 or X.509 certificate) or JWK/JWK Set file, inline PEM, or a JWK. */
export type PublicKeySource = string | Readonly<Record<string, unknown>>;

/** Where verification keys come from. `managed`: Keel's identity provider, through `options.managedKeys`. */
export type JwtKeySettings =
  'managed' | { readonly jwks: string } | { readonly publicKeys: readonly PublicKeySource[] };

/** Where a principal's roles come from; authentication carries this through untouched. */
export type RoleSourceSettings =
  | {
      readonly from: 'memberships';
      readonly table: string;
      readonly principal: string;
      readonly tenant: string;
      readonly role: string;
    }
  | { readonly from: 'claims'; readonly tenant: string; readonly roles: string };

export interface JwtSchemeSettings {
  readonly type: 'jwt';
  readonly issuer: string;
  readonly audience: string | readonly string[];
  /** Pinned: a token whose header names another algorithm is refused. */
  readonly algorithms: readonly JwtAlgorithm[];
  readonly keys: JwtKeySettings;
  /**
   * The scheme word of the Authorization header the token comes in, `Bearer` (RFC 6750) by default; an API whose
   * clients send `Authorization: Token <jwt>` says `Token`. Matched case-insensitively, as RFC 9110 requires.
   */
  readonly authorizationScheme?: string;
  /** The `typ` header a token must carry (e.g. `at+jwt`); unchecked when absent. */
  readonly typ?: string;
  /** Overrides the authenticator's clock tolerance for this scheme. */
  readonly clockToleranceSeconds?: number;
  readonly roles?: RoleSourceSettings;
}

export interface ApiKeySchemeSettings {
  readonly type: 'api-key';
  /** The request header carrying the key, e.g. `X-API-Key`. */
  readonly header: string;
  /** The typed prefix every key of this scheme starts with, e.g. `bk_`. */
  readonly prefix: string;
  /** The table keys are stored in (columns: hash, tenant column, revoked_at). */
  readonly table: string;
  /** The role a key's principal holds. */
  readonly role: string;
}

export type SchemeSettings = JwtSchemeSettings | ApiKeySchemeSettings;

/**
 * The schemes an operation accepts, in order: the contract's security requirement alternatives. The first scheme whose
 * credential is present in the request decides.
 */
export type AuthenticationSchemes = Readonly<Record<string, SchemeSettings>>;
