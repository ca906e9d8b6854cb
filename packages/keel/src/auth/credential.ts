import type { JWTPayload } from 'jose';
import type { KeelError } from '../errors/index.ts';

/** A verified JWT: `subject` is its `sub`. */
export interface JwtCredential {
  readonly kind: 'jwt';
  readonly scheme: string;
  readonly subject: string;
  readonly claims: Readonly<JWTPayload>;
}

/** A known, unrevoked API key: `subject` is the key row's id, `tenant` its tenant column. */
export interface ApiKeyCredential {
  readonly kind: 'api-key';
  readonly scheme: string;
  readonly keyId: string;
  readonly subject: string;
  readonly tenant: string | undefined;
  readonly role: string;
  readonly prefix: string;
}

export type Credential = JwtCredential | ApiKeyCredential;

/** Why a credential was refused; for logs and tests, never sent to the client beyond `detail`. */
export type RefusalReason =
  | 'missing'
  | 'malformed'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'wrong-type'
  | 'missing-claim'
  | 'revoked'
  | 'wrong-prefix'
  | 'unknown-api-key'
  | 'keys-unavailable';

export interface AuthenticationFailure {
  readonly ok: false;
  /** KEEL_UNAUTHENTICATED (nothing sent), KEEL_INVALID_CREDENTIALS, or KEEL_AUTHENTICATION_UNAVAILABLE (503). */
  readonly problem: KeelError;
  readonly reason: RefusalReason;
  /** The scheme that decided; undefined when no credential was present. */
  readonly scheme: string | undefined;
  /** The `WWW-Authenticate` value to answer with; undefined for a 503. */
  readonly wwwAuthenticate: string | undefined;
}

export interface AuthenticationSuccess {
  readonly ok: true;
  readonly credential: Credential;
}

export type AuthenticationResult = AuthenticationSuccess | AuthenticationFailure;

/** A scheme's verdict on one request: absent (try the next scheme), accepted or refused. */
export type SchemeOutcome =
  | { readonly present: false }
  | { readonly present: true; readonly credential: Credential }
  | { readonly present: true; readonly refusal: Refusal };

export interface Refusal {
  readonly reason: RefusalReason;
  /** One sentence for the client, e.g. "The access token expired". */
  readonly detail: string;
  readonly cause?: unknown;
}

/** Request headers as Node and Fastify give them: lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;
