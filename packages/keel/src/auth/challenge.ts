import type { SchemeSettings } from './scheme-settings.ts';

/**
 * Parameters of a challenge, quoted as RFC 9110 requires. Values keep printable ASCII only (RFC 6750 §3 allows no
 * more in `error_description`), so a message with a typographic apostrophe cannot make the header invalid.
 */
function challenge(scheme: string, parameters: Readonly<Record<string, string | undefined>>): string {
  const pairs = Object.entries(parameters)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => `${name}="${printable(value).replace(/["\\]/g, '\\$&')}"`);
  return pairs.length === 0 ? scheme : `${scheme} ${pairs.join(', ')}`;
}

function printable(value: string): string {
  return value.replace(/[\u2018\u2019]/g, "'").replace(/[^\x20-\x7e]/g, '');
}

export interface ChallengeError {
  /** RFC 6750 error code: `invalid_token` when a bearer token was given and refused. */
  readonly error: string;
  readonly description: string;
}

/**
 * The `WWW-Authenticate` challenge for one scheme: RFC 6750 `Bearer` for JWTs; for API keys, an `ApiKey` challenge
 * naming the header (no standard exists, but a 401 must carry a challenge).
 */
export function challengeFor(settings: SchemeSettings, realm: string | undefined, failure?: ChallengeError): string {
  const error = failure === undefined ? {} : { error: failure.error, error_description: failure.description };
  if (settings.type === 'jwt') return challenge(settings.authorizationScheme ?? 'Bearer', { realm, ...error });
  return challenge('ApiKey', { realm, header: settings.header, ...error });
}
