import { KeelError } from '../errors/index.ts';
import { createApiKeyVerifier, type ApiKeyLookup } from './api-key-verifier.ts';
import { challengeFor } from './challenge.ts';
import type { AuthenticationResult, Refusal, RequestHeaders, SchemeOutcome } from './credential.ts';
import { authenticationConfigError, createKeySource, type KeySourceOptions } from './jwt-key-source.ts';
import { createJwtVerifier, type RevocationCheck, type VerifiedTokenCacheOptions } from './jwt-verifier.ts';
import { jwtAlgorithms, type AuthenticationSchemes, type SchemeSettings } from './scheme-settings.ts';

export interface AuthenticatorOptions extends KeySourceOptions {
  /** Leeway for `exp` and `nbf`, in seconds (default 30); a scheme's own setting wins. */
  readonly clockToleranceSeconds?: number;
  /** Called for every otherwise valid JWT; true refuses it (logout, a disabled user). */
  readonly isRevoked?: RevocationCheck;
  /** Required when a scheme is `type: api-key`; see `kyselyApiKeyLookup`. */
  readonly findApiKey?: ApiKeyLookup;
  /** The `realm` of the challenges; omitted when undefined. */
  readonly realm?: string;
  /** Verified tokens kept per scheme (default 1,000 for 60 s); `{ maxEntries: 0 }` verifies every time. */
  readonly verifiedTokenCache?: VerifiedTokenCacheOptions;
}

export interface Authenticator {
  /**
   * Finds and verifies the request's credential. `schemes` are the operation's security alternatives, in order (all
   * configured schemes when omitted); the first whose credential is present decides, and a refusal is not retried
   * with the next.
   */
  authenticate(headers: RequestHeaders, schemes?: readonly string[]): Promise<AuthenticationResult>;
}

interface ConfiguredScheme {
  readonly name: string;
  readonly settings: SchemeSettings;
  check(headers: RequestHeaders): Promise<SchemeOutcome> | SchemeOutcome;
}

const absent: SchemeOutcome = { present: false };
/** RFC 9110 `token`: the characters an authentication scheme's name may have. */
const schemeName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * Builds the authenticator the runtime calls before any handler: keys are loaded (static) or set up (JWKS, cached and
 * refetched on an unknown kid) once, here, and configuration mistakes are thrown as KEEL_CONFIG_INVALID.
 *
 * @example
 * const authenticator = await createAuthenticator(access.authentication, { findApiKey, baseDir: projectRoot });
 * const result = await authenticator.authenticate(request.headers, ['bearer', 'apiKey']);
 * if (!result.ok) reply.header('www-authenticate', result.wwwAuthenticate).status(result.problem.status);
 */
export async function createAuthenticator(
  schemes: AuthenticationSchemes,
  options: AuthenticatorOptions = {},
): Promise<Authenticator> {
  const configured = new Map<string, ConfiguredScheme>();
  for (const [name, settings] of Object.entries(schemes)) {
    configured.set(name, await configureScheme(name, settings, options));
  }
  const allNames = [...configured.keys()];

  return {
    async authenticate(headers, names = allNames) {
      const chosen = names.map((name) => {
        const scheme = configured.get(name);
        if (scheme === undefined) {
          throw authenticationConfigError(name, 'is named by an operation but not defined', {
            fix: 'Add the scheme to the `authentication` section of access.yaml, named as in the contract.',
          });
        }
        return scheme;
      });
      for (const scheme of chosen) {
        const outcome = await scheme.check(headers);
        if (!outcome.present) continue;
        if ('credential' in outcome) return { ok: true, credential: outcome.credential };
        return refusal(scheme, outcome.refusal, chosen, options.realm);
      }
      return missing(chosen, options.realm);
    },
  };
}

async function configureScheme(
  name: string,
  settings: SchemeSettings,
  options: AuthenticatorOptions,
): Promise<ConfiguredScheme> {
  if (settings.type === 'api-key') {
    if (settings.prefix === '') throw authenticationConfigError(name, 'has an empty `prefix`');
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(settings.header)) {
      throw authenticationConfigError(name, `has a header name that is not valid: "${settings.header}"`);
    }
    if (options.findApiKey === undefined) {
      throw authenticationConfigError(name, 'is an api-key scheme but no key lookup was given', {
        fix: 'Pass `findApiKey` (e.g. `kyselyApiKeyLookup(db, { table })`) to createAuthenticator.',
      });
    }
    const verify = createApiKeyVerifier(name, settings, options.findApiKey);
    const header = settings.header.toLowerCase();
    return {
      name,
      settings,
      check(headers) {
        const value = headers[header];
        if (value === undefined) return absent;
        if (typeof value !== 'string') return malformed(`Send one ${settings.header} header, not several`);
        return verify(value.trim());
      },
    };
  }

  if (settings.algorithms.length === 0) throw authenticationConfigError(name, 'pins no `algorithms`');
  for (const alg of settings.algorithms) {
    if (!(jwtAlgorithms as readonly string[]).includes(alg)) {
      throw authenticationConfigError(name, `pins the algorithm "${alg}", which Keel does not verify with`, {
        fix: `Use asymmetric algorithms only: ${jwtAlgorithms.join(', ')}.`,
      });
    }
  }
  if (settings.issuer === '') throw authenticationConfigError(name, 'has an empty `issuer`');
  const word = settings.authorizationScheme ?? 'Bearer';
  if (!schemeName.test(word)) {
    throw authenticationConfigError(name, `has an authorization scheme that is not valid: "${word}"`, {
      fix: "Give `authorizationScheme` one word of letters, digits or !#$%&'*+.^_`|~- (e.g. Bearer, Token).",
    });
  }
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tokenPattern = new RegExp(`^${escaped} +([A-Za-z0-9\\-._~+/]+=*) *$`, 'i');
  const schemePattern = new RegExp(`^${escaped}(?: |$)`, 'i');
  if (settings.audience.length === 0) throw authenticationConfigError(name, 'has no `audience`');
  const verify = createJwtVerifier(name, settings, {
    keys: await createKeySource(name, settings, options),
    clockToleranceSeconds: options.clockToleranceSeconds ?? 30,
    isRevoked: options.isRevoked,
    cache: options.verifiedTokenCache,
  });
  return {
    name,
    settings,
    check(headers) {
      const value = headers['authorization'];
      if (value === undefined) return absent;
      if (typeof value !== 'string') return malformed('Send one Authorization header, not several');
      if (!schemePattern.test(value)) return absent;
      const token = tokenPattern.exec(value)?.[1];
      return token === undefined ? malformed(`The Authorization header is not \`${word} <token>\``) : verify(token);
    },
  };
}

function malformed(detail: string): SchemeOutcome {
  return { present: true, refusal: { reason: 'malformed', detail } };
}

function refusal(
  scheme: ConfiguredScheme,
  refused: Refusal,
  chosen: readonly ConfiguredScheme[],
  realm: string | undefined,
): AuthenticationResult {
  const cause = refused.cause === undefined ? {} : { cause: refused.cause };
  if (refused.reason === 'keys-unavailable') {
    return {
      ok: false,
      problem: new KeelError('KEEL_AUTHENTICATION_UNAVAILABLE', 'The credentials cannot be verified right now', cause),
      reason: refused.reason,
      scheme: scheme.name,
      wwwAuthenticate: undefined,
    };
  }
  const error = scheme.settings.type === 'jwt' ? 'invalid_token' : 'invalid_key';
  const challenges = [
    challengeFor(scheme.settings, realm, { error, description: refused.detail }),
    ...chosen.filter((other) => other !== scheme).map((other) => challengeFor(other.settings, realm)),
  ];
  return {
    ok: false,
    problem: new KeelError('KEEL_INVALID_CREDENTIALS', refused.detail, cause),
    reason: refused.reason,
    scheme: scheme.name,
    wwwAuthenticate: challenges.join(', '),
  };
}

function missing(chosen: readonly ConfiguredScheme[], realm: string | undefined): AuthenticationResult {
  const ways = chosen.map(({ settings }) =>
    settings.type === 'jwt'
      ? settings.authorizationScheme === undefined || settings.authorizationScheme.toLowerCase() === 'bearer'
        ? 'a bearer token in Authorization'
        : `a token in Authorization (\`${settings.authorizationScheme} <token>\`)`
      : `an API key in ${settings.header}`,
  );
  return {
    ok: false,
    problem: new KeelError('KEEL_UNAUTHENTICATED', `This operation requires credentials: ${ways.join(' or ')}`, {
      fix: `Send ${ways.join(' or ')}.`,
    }),
    reason: 'missing',
    scheme: undefined,
    wwwAuthenticate: chosen.map(({ settings }) => challengeFor(settings, realm)).join(', '),
  };
}
