import type { Severity } from '../../journey/finding.ts';

/** Which Spectral ruleset a rule comes from. */
export type SpectralRuleset = 'oas' | 'owasp';

/** A rule of Spectral's rulesets as Keel runs it: Spectral's code, its default severity, one line on what it wants. */
export interface SpectralRuleDeclaration {
  readonly code: string;
  readonly ruleset: SpectralRuleset;
  readonly severity: Severity;
  readonly summary: string;
}

type Row = readonly [code: string, severity: Severity, summary: string];

/**
 * The rules of `spectral:oas` (recommended) and of the OWASP API Security Top 10 (2023) ruleset that apply to OpenAPI
 * 3.1, with Spectral's severities (error → error, warn → warning, info and hint → info). Declared here rather than read
 * from the rulesets so that listing a stage's rules never loads Spectral; `spectral-rules.test.ts` fails when the
 * installed rulesets differ from this list.
 */
const oasRows: readonly Row[] = [
  ['operation-success-response', 'warning', 'Every operation has at least one 2xx or 3xx response.'],
  ['operation-operationId-unique', 'error', 'No two operations share an operationId.'],
  ['operation-parameters', 'warning', "No parameter is declared twice in an operation's parameters."],
  ['operation-tag-defined', 'warning', "Every operation's tags are declared in the top-level `tags`."],
  ['path-params', 'error', 'Path parameters are declared for every template variable, and used by the path.'],
  ['duplicated-entry-in-enum', 'warning', 'No enum lists a value twice.'],
  ['info-contact', 'warning', '`info` has a `contact` object.'],
  ['info-description', 'warning', '`info` has a non-empty `description`.'],
  ['no-eval-in-markdown', 'warning', 'No description contains `eval(`.'],
  ['no-script-tags-in-markdown', 'warning', 'No description contains a `<script>` tag.'],
  ['openapi-tags-uniqueness', 'error', 'Every top-level tag has a unique name.'],
  ['operation-description', 'warning', 'Every operation has a non-empty `description`.'],
  ['operation-operationId', 'warning', 'Every operation has an `operationId`.'],
  ['operation-operationId-valid-in-url', 'warning', 'Every operationId is safe to use in a URL.'],
  ['operation-tags', 'warning', 'Every operation has a non-empty `tags` array.'],
  ['path-declarations-must-exist', 'warning', 'No path has an empty parameter declaration (`{}`).'],
  ['path-keys-no-trailing-slash', 'warning', 'No path ends with a slash.'],
  ['path-not-include-query', 'warning', 'No path includes a query string.'],
  ['array-items', 'error', 'Every schema of type array has `items`.'],
  ['typed-enum', 'warning', "Enum values match the schema's type."],
  ['oas3-api-servers', 'warning', '`servers` is present and not empty.'],
  ['oas3-examples-value-or-externalValue', 'warning', 'Every example has either `value` or `externalValue`.'],
  [
    'oas3-operation-security-defined',
    'warning',
    'Every security requirement names a scheme of `components.securitySchemes`.',
  ],
  ['oas3-server-trailing-slash', 'warning', 'No server URL ends with a slash.'],
  ['oas3-valid-media-example', 'error', 'Media type examples are valid against their schema.'],
  ['oas3-valid-schema-example', 'error', 'Schema examples and defaults are valid against their schema.'],
  ['oas3-schema', 'error', 'The document is valid against the OpenAPI 3.1 schema.'],
  ['oas3-unused-component', 'warning', 'Every component is used.'],
  ['oas3-server-variables', 'error', 'Server variables are defined, valid and used.'],
  ['oas3-callbacks-in-callbacks', 'warning', 'No callback defines callbacks.'],
  ['oas3_1-servers-in-webhook', 'warning', 'No webhook defines servers.'],
  ['oas3_1-callbacks-in-webhook', 'warning', 'No webhook defines callbacks.'],
];

const owaspRows: readonly Row[] = [
  [
    'owasp:api1:2023-no-numeric-ids',
    'error',
    'Identifiers in paths are random strings (UUIDs), not guessable integers.',
  ],
  ['owasp:api2:2023-no-http-basic', 'error', 'No security scheme is HTTP basic authentication.'],
  ['owasp:api2:2023-no-api-keys-in-url', 'error', 'No API key travels in the path or query.'],
  [
    'owasp:api2:2023-no-credentials-in-url',
    'error',
    'No path or query parameter carries a credential (key, password, secret, token).',
  ],
  [
    'owasp:api2:2023-auth-insecure-schemes',
    'error',
    'No security scheme uses an insecure HTTP authorization scheme (negotiate, OAuth 1).',
  ],
  [
    'owasp:api2:2023-jwt-best-practices',
    'error',
    'Every JWT security scheme states in its description that it follows RFC 8725.',
  ],
  [
    'owasp:api2:2023-short-lived-access-tokens',
    'error',
    'OAuth 2 flows issue refresh tokens, so that access tokens can be short-lived.',
  ],
  ['owasp:api2:2023-write-restricted', 'error', 'Every write operation (POST, PUT, PATCH, DELETE) is secured.'],
  ['owasp:api2:2023-read-restricted', 'warning', 'Every read operation (GET, HEAD) is secured.'],
  ['owasp:api3:2023-no-unevaluatedProperties', 'warning', 'Object schemas do not allow unevaluated properties.'],
  [
    'owasp:api3:2023-constrained-unevaluatedProperties',
    'warning',
    'Object schemas that allow unevaluated properties bound them with `maxProperties`.',
  ],
  ['owasp:api4:2023-rate-limit', 'error', 'Every 2xx and 4xx response declares rate-limit headers.'],
  ['owasp:api4:2023-rate-limit-retry-after', 'error', 'Every 429 response declares a `Retry-After` header.'],
  ['owasp:api4:2023-rate-limit-responses-429', 'warning', 'Every operation declares a 429 response with content.'],
  ['owasp:api4:2023-array-limit', 'error', 'Every array schema has `maxItems`.'],
  ['owasp:api4:2023-string-limit', 'error', 'Every string schema has `maxLength`, `enum` or `const`.'],
  ['owasp:api4:2023-string-restricted', 'warning', 'Every string schema has a `format`, `pattern`, `enum` or `const`.'],
  ['owasp:api4:2023-integer-limit', 'error', 'Every integer schema has a minimum and a maximum.'],
  ['owasp:api4:2023-integer-format', 'error', 'Every integer schema has a format (`int32` or `int64`).'],
  [
    'owasp:api5:2023-admin-security-unique',
    'error',
    'Operations under `/admin` use a security scheme that no other operation uses.',
  ],
  [
    'owasp:api7:2023-concerning-url-parameter',
    'info',
    'Parameters that carry URLs are flagged for review: they can lead to server-side request forgery.',
  ],
  ['owasp:api8:2023-define-cors-origin', 'error', 'Every `headers` object declares `Access-Control-Allow-Origin`.'],
  ['owasp:api8:2023-no-server-http', 'error', 'No server URL uses plain http://.'],
  [
    'owasp:api8:2023-define-error-validation',
    'warning',
    'Every operation declares a 400, 422 or 4XX response for invalid requests.',
  ],
  ['owasp:api8:2023-define-error-responses-401', 'warning', 'Every operation declares a 401 response with content.'],
  ['owasp:api8:2023-define-error-responses-500', 'warning', 'Every operation declares a 500 response with content.'],
  ['owasp:api9:2023-inventory-access', 'error', 'Every server declares its audience with `x-internal`.'],
  [
    'owasp:api9:2023-inventory-environment',
    'error',
    'Every server names its environment (production, staging, test, local…) in its description.',
  ],
];

export const spectralRuleDeclarations: readonly SpectralRuleDeclaration[] = [
  ...oasRows.map(([code, severity, summary]) => ({ code, ruleset: 'oas' as const, severity, summary })),
  ...owaspRows.map(([code, severity, summary]) => ({ code, ruleset: 'owasp' as const, severity, summary })),
];

/**
 * The Keel rule id of a Spectral rule: `contract/oas-<code>` or `contract/owasp-<code without owasp:>`, lower-cased,
 * with every run of other characters turned into one `-` (`owasp:api4:2023-string-limit` →
 * `contract/owasp-api4-2023-string-limit`), since rule ids are `<stage>/<kebab-name>`.
 */
export function keelRuleIdOf(code: string, ruleset: SpectralRuleset): string {
  const name = code
    .replace(/^owasp:/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `contract/${ruleset}-${name}`;
}

/** Where Spectral documents a rule, for fixes. */
export function spectralDocumentation(rule: SpectralRuleDeclaration): string {
  return rule.ruleset === 'oas'
    ? `https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules#${rule.code.toLowerCase()}`
    : 'https://github.com/stoplightio/spectral-owasp-ruleset';
}
