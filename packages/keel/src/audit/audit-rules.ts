import type { AuditCategory, AuditSeverity } from './audit-finding.ts';

/** What every probe's findings share: the rule, its OWASP category, its severity, what holds when quiet, the fix. */
export interface AuditRule {
  readonly id: string;
  readonly category: AuditCategory;
  readonly severity: AuditSeverity;
  readonly summary: string;
  readonly fix: string;
}

const rule = (
  id: string,
  category: AuditCategory,
  severity: AuditSeverity,
  summary: string,
  fix: string,
): AuditRule => ({
  id: `security/${id}`,
  category,
  severity,
  summary,
  fix,
});

/** Every rule of the security stage, in report order. */
export const auditRules = [
  rule(
    'cross-tenant-object',
    'API1',
    'critical',
    "Another tenant's objects cannot be read, changed or deleted through their identifiers.",
    'Scope the query by the request’s tenant, and enable and force row-level security on the table (docs/decisions/0006-access-control.md).',
  ),
  rule(
    'cross-user-object',
    'API1',
    'high',
    'An object-level condition in access.yaml (e.g. only its creator) holds for other users of the same tenant.',
    'Enforce the operation’s condition: leave it to the runtime’s row-level security, or add it to the handler’s query.',
  ),
  rule(
    'list-leaks-other-tenant',
    'API1',
    'critical',
    "List and search results contain no other tenant's identifiers.",
    'Filter the list by the request’s tenant, and enable and force row-level security on the table.',
  ),
  rule(
    'foreign-reference-accepted',
    'API1',
    'high',
    "Identifiers of another tenant's objects in a body or query are refused.",
    'Look the referenced object up within the request’s tenant (a foreign key alone ignores row-level security) and answer 404 or 422.',
  ),
  rule(
    'missing-credentials-accepted',
    'API2',
    'high',
    'Every operation that is not public answers 401 without credentials or with a malformed one.',
    'Give the operation a security requirement in the contract and roles in access.yaml.',
  ),
  rule(
    'forged-token-accepted',
    'API2',
    'critical',
    'Forged, tampered, expired, premature and misaddressed tokens are refused (the JWT battery).',
    'Verify tokens with pinned algorithms and keys, never from the token’s header; check exp, nbf, iss and aud.',
  ),
  rule(
    'token-after-logout',
    'API2',
    'high',
    'An access token stops working once its session is logged out or its refresh token reused.',
    'Check the session (`sid`) against the revocation list on every request (access.yaml `keys: managed` does).',
  ),
  rule(
    'login-not-throttled',
    'API2',
    'high',
    'Sign-in, token and password endpoints answer 429 with Retry-After to a burst of wrong attempts.',
    'Keep the `public` rate-limit class on (keel.yaml `runtime.rateLimits.public`), or lock the account after failures.',
  ),
  rule(
    'refresh-token-reuse',
    'API2',
    'high',
    'A refresh token works once; its reuse is refused and revokes the session.',
    'Rotate refresh tokens on every use and revoke the whole family on reuse (Keel’s identity provider does).',
  ),
  rule(
    'mass-assignment',
    'API3',
    'high',
    'Read-only and privileged fields (tenant, owner, role, timestamps) sent in a body are refused or ignored.',
    'Leave the field out of the request schema (with additionalProperties: false), or list who may write it in access.yaml `fields.write`.',
  ),
  rule(
    'excessive-data-exposure',
    'API3',
    'medium',
    'Responses carry only the fields access.yaml lets the caller’s role read.',
    'List the role’s readable fields in access.yaml `fields.read` and answer through the runtime’s serialiser.',
  ),
  rule(
    'oversized-input-accepted',
    'API4',
    'medium',
    'Strings and arrays far beyond any sensible size are refused with a 4xx.',
    'Give every string a maxLength and every array a maxItems in the contract.',
  ),
  rule(
    'oversized-body-accepted',
    'API4',
    'medium',
    'A body of several megabytes, or nested thousands deep, is refused with 413 or 400.',
    'Keep the runtime’s body limit (keel.yaml `runtime.bodyLimit`) and do not parse bodies yourself.',
  ),
  rule(
    'unbounded-page-size',
    'API4',
    'medium',
    'A page size far beyond the cap is refused or capped.',
    'Give page-size parameters a `maximum` in the contract.',
  ),
  rule(
    'burst-not-throttled',
    'API4',
    'medium',
    'A burst of requests gets 429 with Retry-After before it exhausts the service.',
    'Keep the runtime’s rate limits on (keel.yaml `runtime.rateLimits`), shared through Redis when several instances run.',
  ),
  rule(
    'request-hangs',
    'API4',
    'high',
    'Every request is answered within the timeout (10 s), whatever its input.',
    'Bound the work a request can cause (query timeouts, limits on loops and sizes).',
  ),
  rule(
    'privileged-operation-allowed',
    'API5',
    'high',
    'An operation refuses every role access.yaml does not allow (403) and anonymous callers (401).',
    'Check the operation’s `allow` list in access.yaml and that the runtime enforces it before the handler runs.',
  ),
  rule(
    'other-tenant-admin-allowed',
    'API5',
    'critical',
    "The other tenant's most privileged role cannot call operations in this tenant.",
    'Derive roles from the membership in the tenant the path names, never from a role held elsewhere.',
  ),
  rule(
    'ssrf-url-accepted',
    'API7',
    'medium',
    'URL inputs pointing at cloud metadata, loopback, private networks or file:// are refused.',
    'Validate URL inputs against an allow-list of schemes and public hosts, resolved before use.',
  ),
  rule(
    'ssrf-outbound-call',
    'API7',
    'critical',
    'A URL input never makes the server call it during the request.',
    'Do not fetch user-supplied URLs in the request path; if you must, resolve and refuse private addresses first.',
  ),
  rule(
    'missing-security-headers',
    'API8',
    'low',
    'Responses carry X-Content-Type-Options: nosniff, and authenticated ones Cache-Control: no-store (or private).',
    'Set the headers on every response (a Fastify onSend hook), or serve behind a proxy that adds them.',
  ),
  rule(
    'cors-hostile-origin',
    'API8',
    'high',
    'A hostile Origin gets no CORS grant, and credentials are never granted to `*`.',
    'Allow-list the origins that may call with credentials; never reflect the Origin header.',
  ),
  rule(
    'error-leaks-internals',
    'API8',
    'high',
    'Error responses carry no stack trace, SQL, database error text or internal file path.',
    'Answer errors as problem details with a stable code; log the cause on the server, never send it.',
  ),
  rule(
    'server-error',
    'API8',
    'high',
    'No input, however hostile, gets a 5xx.',
    'Reproduce with the curl command, then validate or handle the input so that it gets a 4xx problem.',
  ),
  rule(
    'undeclared-content-type',
    'API8',
    'medium',
    'A body in a media type the operation does not declare is refused with 415.',
    'Declare only the media types the handler accepts; the runtime refuses the rest.',
  ),
  rule(
    'trace-enabled',
    'API8',
    'medium',
    'TRACE is not served, and OPTIONS reveals nothing beyond Allow.',
    'Route only the methods the contract declares.',
  ),
  rule(
    'undocumented-route',
    'API9',
    'high',
    'Every route the server answers is in the contract; old versions, debug and internal routes are not served.',
    'Remove the route, or declare it in the contract with its security.',
  ),
  rule(
    'injection',
    'injection',
    'critical',
    'SQL, command, template and path-traversal payloads in any string input cause no 5xx, leaked error, delay or evaluation.',
    'Pass every input as a query parameter (Kysely’s sql`…${value}`), never concatenated into SQL, shell, templates or paths.',
  ),
  rule(
    'secret-in-repository',
    'static',
    'high',
    'No credential (keys, tokens, passwords in URLs) is committed to the repository.',
    'Remove the secret, rotate it, and read it from the environment.',
  ),
  rule(
    'dependency-advisory',
    'static',
    'high',
    'No dependency has a known high or critical advisory (npm audit).',
    'Upgrade the dependency to a fixed version (`npm audit fix`), or replace it.',
  ),
  rule(
    'dangerous-setting',
    'static',
    'high',
    'Production configuration has no debug mode, and CORS never allows every origin with credentials.',
    'Turn debug off outside development and list the allowed origins.',
  ),
] as const satisfies readonly AuditRule[];

export type AuditRuleId = (typeof auditRules)[number]['id'];

export function auditRule(id: AuditRuleId): AuditRule {
  return auditRules.find((candidate) => candidate.id === id) as AuditRule;
}
