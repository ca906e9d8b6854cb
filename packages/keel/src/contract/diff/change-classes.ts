import type { ChangeDirection, ChangeLevel } from './change.ts';

/** A kind of change the diff can report, with the level every change of that kind gets. */
export interface ChangeClass {
  readonly id: string;
  readonly level: ChangeLevel;
  readonly direction: ChangeDirection;
  readonly summary: string;
}

const B = 'breaking';
const P = 'possibly-breaking';
const N = 'non-breaking';

/** What a schema change is about: the root schema of a body, parameter or header, or a schema nested in one. */
export type SchemaNoun = 'body' | 'property' | 'parameter' | 'parameter-property' | 'header' | 'header-property';

const requestNouns = ['body', 'property', 'parameter', 'parameter-property'] as const satisfies readonly SchemaNoun[];
const responseNouns = ['body', 'property', 'header', 'header-property'] as const satisfies readonly SchemaNoun[];
const nestedNouns: ReadonlySet<SchemaNoun> = new Set(['property', 'parameter-property', 'header-property']);

/**
 * A schema rule is one line of the rule of thumb: a request may only accept more, a response may only promise more.
 * Each rule yields one class per noun, `<direction>-<noun>-<suffix>`, e.g. `request-property-max-length-decreased`.
 */
export interface SchemaRule {
  readonly suffix: string;
  readonly request?: ChangeLevel;
  readonly response?: ChangeLevel;
  /** `nested`: only about a property (membership of an object); `parameter`: only for parameters. */
  readonly scope?: 'nested' | 'parameter';
  readonly summary: string;
}

const lowerBounds = ['min', 'exclusive-min', 'min-length', 'min-items', 'min-properties', 'min-contains'];
const upperBounds = ['max', 'exclusive-max', 'max-length', 'max-items', 'max-properties', 'max-contains'];
/** JSON Schema keywords compared as a whole: adding one restricts what a schema accepts. */
export const structuralKeywords = {
  if: 'if',
  then: 'then',
  else: 'else',
  not: 'not',
  prefixItems: 'prefix-items',
  contains: 'contains',
  dependentRequired: 'dependent-required',
  dependentSchemas: 'dependent-schemas',
  patternProperties: 'pattern-properties',
  propertyNames: 'property-names',
  unevaluatedItems: 'unevaluated-items',
  unevaluatedProperties: 'unevaluated-properties',
  contentSchema: 'content-schema',
  contentMediaType: 'content-media-type',
  contentEncoding: 'content-encoding',
} as const;

export const schemaRules: readonly SchemaRule[] = [
  { suffix: 'type-changed', request: B, response: B, summary: 'the type changed to an unrelated one' },
  { suffix: 'type-narrowed', request: B, response: N, summary: 'fewer types are allowed (e.g. number to integer)' },
  { suffix: 'type-widened', request: N, response: B, summary: 'more types are allowed (e.g. integer to number)' },
  { suffix: 'became-nullable', request: N, response: B, summary: '`null` became a valid value' },
  { suffix: 'became-not-nullable', request: B, response: N, summary: '`null` is no longer a valid value' },
  { suffix: 'enum-value-added', request: N, response: P, summary: 'an enum value was added' },
  { suffix: 'enum-value-removed', request: B, response: N, summary: 'an enum value was removed' },
  { suffix: 'became-enum', request: B, response: N, summary: 'the values became restricted to an enum' },
  { suffix: 'enum-removed', request: N, response: P, summary: 'the enum restriction was removed' },
  { suffix: 'const-added', request: B, response: N, summary: 'the value became fixed by `const`' },
  { suffix: 'const-changed', request: B, response: B, summary: 'the `const` value changed' },
  { suffix: 'const-removed', request: N, response: B, summary: 'the `const` restriction was removed' },
  { suffix: 'format-added', request: B, response: N, summary: 'a `format` was added' },
  { suffix: 'format-changed', request: B, response: B, summary: 'the `format` changed' },
  {
    suffix: 'format-widened',
    request: N,
    response: B,
    summary: 'the `format` widened (int32 to int64, float to double)',
  },
  {
    suffix: 'format-narrowed',
    request: B,
    response: N,
    summary: 'the `format` narrowed (int64 to int32, double to float)',
  },
  { suffix: 'format-removed', request: N, response: B, summary: 'the `format` was removed' },
  ...lowerBounds.flatMap((bound): SchemaRule[] => [
    { suffix: `${bound}-increased`, request: B, response: N, summary: `the lower bound (${bound}) increased` },
    { suffix: `${bound}-decreased`, request: N, response: B, summary: `the lower bound (${bound}) decreased` },
    { suffix: `${bound}-set`, request: P, response: N, summary: `a lower bound (${bound}) was set` },
    { suffix: `${bound}-unset`, request: N, response: B, summary: `the lower bound (${bound}) was removed` },
  ]),
  ...upperBounds.flatMap((bound): SchemaRule[] => [
    { suffix: `${bound}-decreased`, request: B, response: N, summary: `the upper bound (${bound}) decreased` },
    { suffix: `${bound}-increased`, request: N, response: B, summary: `the upper bound (${bound}) increased` },
    { suffix: `${bound}-set`, request: P, response: N, summary: `an upper bound (${bound}) was set` },
    { suffix: `${bound}-unset`, request: N, response: B, summary: `the upper bound (${bound}) was removed` },
  ]),
  { suffix: 'multiple-of-set', request: P, response: N, summary: '`multipleOf` was set' },
  { suffix: 'multiple-of-changed', request: B, response: B, summary: '`multipleOf` changed' },
  { suffix: 'multiple-of-unset', request: N, response: B, summary: '`multipleOf` was removed' },
  { suffix: 'pattern-added', request: B, response: N, summary: 'a `pattern` was added' },
  { suffix: 'pattern-changed', request: P, response: P, summary: 'the `pattern` changed' },
  { suffix: 'pattern-removed', request: N, response: P, summary: 'the `pattern` was removed' },
  { suffix: 'unique-items-added', request: B, response: N, summary: 'array items must now be unique' },
  { suffix: 'unique-items-removed', request: N, response: B, summary: 'array items are no longer unique' },
  {
    suffix: 'additional-properties-forbidden',
    request: P,
    response: N,
    summary: 'undeclared properties became forbidden',
  },
  {
    suffix: 'additional-properties-allowed',
    request: N,
    response: P,
    summary: 'undeclared properties became allowed',
  },
  { suffix: 'one-of-added', request: N, response: B, summary: 'a `oneOf` alternative was added' },
  { suffix: 'one-of-removed', request: B, response: N, summary: 'a `oneOf` alternative was removed' },
  { suffix: 'any-of-added', request: N, response: B, summary: 'an `anyOf` alternative was added' },
  { suffix: 'any-of-removed', request: B, response: N, summary: 'an `anyOf` alternative was removed' },
  { suffix: 'wrapped-in-one-of', request: P, response: B, summary: 'the schema became one of several alternatives' },
  { suffix: 'discriminator-added', request: P, response: N, summary: 'a discriminator was added' },
  { suffix: 'discriminator-removed', request: N, response: P, summary: 'the discriminator was removed' },
  {
    suffix: 'discriminator-property-changed',
    request: B,
    response: B,
    summary: 'the discriminator property changed',
  },
  { suffix: 'discriminator-mapping-added', request: N, response: B, summary: 'a discriminator value was added' },
  { suffix: 'discriminator-mapping-removed', request: B, response: N, summary: 'a discriminator value was removed' },
  {
    suffix: 'discriminator-mapping-changed',
    request: B,
    response: B,
    summary: 'a discriminator value maps to another schema',
  },
  ...Object.values(structuralKeywords).flatMap((keyword): SchemaRule[] => [
    { suffix: `${keyword}-added`, request: B, response: N, summary: `\`${keyword}\` was added` },
    { suffix: `${keyword}-changed`, request: P, response: P, summary: `\`${keyword}\` changed` },
    { suffix: `${keyword}-removed`, request: N, response: B, summary: `\`${keyword}\` was removed` },
  ]),
  { suffix: 'deprecated', request: N, response: N, summary: 'deprecated, with a sunset date' },
  {
    suffix: 'deprecated-sunset-missing',
    request: B,
    response: B,
    summary: 'deprecated without a sunset date (`x-sunset`)',
  },
  { suffix: 'sunset-invalid', request: B, response: B, summary: 'the sunset date is not a date' },
  // Membership of an object: about the property itself.
  { suffix: 'added', request: N, response: N, scope: 'nested', summary: 'an optional property was added' },
  { suffix: 'added-required', request: B, scope: 'nested', summary: 'a required property was added' },
  {
    suffix: 'removed',
    request: P,
    response: B,
    scope: 'nested',
    summary: 'a property was removed (response: a required one)',
  },
  {
    suffix: 'removed-optional',
    response: P,
    scope: 'nested',
    summary: 'an optional property was removed from a response',
  },
  {
    suffix: 'removed-now-rejected',
    request: B,
    scope: 'nested',
    summary: 'a property was removed and undeclared properties are rejected',
  },
  { suffix: 'became-required', request: B, response: N, scope: 'nested', summary: 'a property became required' },
  { suffix: 'became-optional', request: N, response: B, scope: 'nested', summary: 'a property became optional' },
  {
    suffix: 'became-read-only',
    request: B,
    response: N,
    scope: 'nested',
    summary: 'a property became `readOnly`: clients can no longer send it',
  },
  {
    suffix: 'became-write-only',
    request: N,
    response: B,
    scope: 'nested',
    summary: 'a property became `writeOnly`: responses no longer carry it',
  },
  { suffix: 'default-value-added', request: B, scope: 'parameter', summary: 'a default value was added' },
  { suffix: 'default-value-changed', request: B, scope: 'parameter', summary: 'the default value changed' },
  { suffix: 'default-value-removed', request: B, scope: 'parameter', summary: 'the default value was removed' },
];

/** Changes about operations, parameters, bodies, responses, security and servers as such. */
export const operationClasses: readonly ChangeClass[] = [
  { id: 'path-removed', level: B, direction: 'other', summary: 'a path and all its operations were removed' },
  { id: 'operation-removed', level: B, direction: 'other', summary: 'an operation was removed' },
  {
    id: 'operation-removed-before-sunset',
    level: B,
    direction: 'other',
    summary: 'a deprecated operation was removed before its sunset date',
  },
  {
    id: 'operation-removed-after-sunset',
    level: N,
    direction: 'other',
    summary: 'a deprecated operation was removed after its sunset date',
  },
  { id: 'path-added', level: N, direction: 'other', summary: 'a path was added' },
  { id: 'operation-added', level: N, direction: 'other', summary: 'an operation was added' },
  {
    id: 'path-parameter-renamed',
    level: N,
    direction: 'other',
    summary: 'a path parameter was renamed (the URL is the same)',
  },
  { id: 'operation-id-changed', level: N, direction: 'other', summary: 'the operationId changed' },
  {
    id: 'operation-deprecated',
    level: N,
    direction: 'other',
    summary: 'an operation was deprecated, with a sunset date',
  },
  {
    id: 'operation-deprecated-sunset-missing',
    level: B,
    direction: 'other',
    summary: 'an operation was deprecated without a sunset date (`x-sunset` or a `Sunset` header)',
  },
  { id: 'operation-sunset-invalid', level: B, direction: 'other', summary: 'the sunset date is not a date' },
  {
    id: 'operation-sunset-removed',
    level: B,
    direction: 'other',
    summary: 'a deprecated operation lost its sunset date',
  },
  {
    id: 'operation-sunset-brought-forward',
    level: B,
    direction: 'other',
    summary: 'the sunset date of an operation moved earlier',
  },
  { id: 'operation-undeprecated', level: N, direction: 'other', summary: 'an operation is no longer deprecated' },
  { id: 'request-parameter-added', level: N, direction: 'request', summary: 'an optional parameter was added' },
  {
    id: 'request-parameter-added-required',
    level: B,
    direction: 'request',
    summary: 'a required parameter (query, header, cookie) was added',
  },
  {
    id: 'request-parameter-removed',
    level: P,
    direction: 'request',
    summary: 'a parameter was removed: clients still send it',
  },
  { id: 'request-parameter-became-required', level: B, direction: 'request', summary: 'a parameter became required' },
  { id: 'request-parameter-became-optional', level: N, direction: 'request', summary: 'a parameter became optional' },
  {
    id: 'request-parameter-style-changed',
    level: B,
    direction: 'request',
    summary: 'the serialisation (`style`/`explode`) of a parameter changed',
  },
  { id: 'request-body-added', level: N, direction: 'request', summary: 'an optional request body was added' },
  { id: 'request-body-added-required', level: B, direction: 'request', summary: 'a required request body was added' },
  { id: 'request-body-removed', level: B, direction: 'request', summary: 'the request body was removed' },
  { id: 'request-body-became-required', level: B, direction: 'request', summary: 'the request body became required' },
  { id: 'request-body-became-optional', level: N, direction: 'request', summary: 'the request body became optional' },
  { id: 'request-media-type-added', level: N, direction: 'request', summary: 'a request media type was added' },
  { id: 'request-media-type-removed', level: B, direction: 'request', summary: 'a request media type was removed' },
  {
    id: 'response-success-status-removed',
    level: B,
    direction: 'response',
    summary: 'a 1XX, 2XX or 3XX response status was removed',
  },
  {
    id: 'response-status-removed',
    level: P,
    direction: 'response',
    summary: 'an error (4XX, 5XX) response status was removed',
  },
  {
    id: 'response-status-covered-by-range',
    level: N,
    direction: 'response',
    summary: 'a status was removed but a range (`4XX`) or `default` of the head still covers it',
  },
  { id: 'response-status-added', level: N, direction: 'response', summary: 'a response status was added' },
  { id: 'response-media-type-added', level: N, direction: 'response', summary: 'a response media type was added' },
  {
    id: 'response-media-type-removed',
    level: B,
    direction: 'response',
    summary: 'a response media type was removed',
  },
  { id: 'response-header-added', level: N, direction: 'response', summary: 'a response header was added' },
  {
    id: 'response-header-removed',
    level: B,
    direction: 'response',
    summary: 'a required response header was removed',
  },
  {
    id: 'response-header-removed-optional',
    level: P,
    direction: 'response',
    summary: 'an optional response header was removed',
  },
  {
    id: 'response-header-became-optional',
    level: B,
    direction: 'response',
    summary: 'a response header became optional',
  },
  {
    id: 'response-header-became-required',
    level: N,
    direction: 'response',
    summary: 'a response header became required',
  },
  {
    id: 'security-requirement-added',
    level: B,
    direction: 'request',
    summary: 'an operation that needed no credentials now needs some',
  },
  {
    id: 'security-scheme-removed',
    level: B,
    direction: 'request',
    summary: 'credentials that were accepted are no longer enough (a scheme removed or newly demanded)',
  },
  {
    id: 'security-scope-added',
    level: B,
    direction: 'request',
    summary: 'an operation needs more OAuth2/OIDC scopes',
  },
  { id: 'security-scope-removed', level: N, direction: 'request', summary: 'an operation needs fewer scopes' },
  {
    id: 'security-scheme-added',
    level: N,
    direction: 'request',
    summary: 'a new way to authenticate was added as an alternative',
  },
  {
    id: 'security-requirement-removed',
    level: N,
    direction: 'request',
    summary: 'an operation no longer needs credentials',
  },
  {
    id: 'security-scheme-changed',
    level: B,
    direction: 'request',
    summary: 'a security scheme changed how credentials are sent (type, header name, bearer format, flows)',
  },
  { id: 'server-removed', level: B, direction: 'other', summary: 'a server URL was removed' },
  { id: 'server-added', level: N, direction: 'other', summary: 'a server URL was added' },
  { id: 'webhook-removed', level: B, direction: 'other', summary: 'a webhook was removed' },
  { id: 'webhook-added', level: N, direction: 'other', summary: 'a webhook was added' },
];

function schemaClasses(): ChangeClass[] {
  const out: ChangeClass[] = [];
  for (const rule of schemaRules) {
    for (const direction of ['request', 'response'] as const) {
      const level = rule[direction];
      if (level === undefined) continue;
      const nouns: readonly SchemaNoun[] = direction === 'request' ? requestNouns : responseNouns;
      for (const noun of nouns) {
        if (rule.scope === 'nested' && !nestedNouns.has(noun)) continue;
        if (rule.scope === 'parameter' && noun !== 'parameter') continue;
        out.push({ id: `${direction}-${noun}-${rule.suffix}`, level, direction, summary: rule.summary });
      }
    }
  }
  return out;
}

/** Every change class, by id. */
export const changeClasses: ReadonlyMap<string, ChangeClass> = new Map(
  [...operationClasses, ...schemaClasses()].map((entry) => [entry.id, entry]),
);

/** The class of an id; an unknown id is a bug in the diff, not in the user's contract. */
export function changeClass(id: string): ChangeClass {
  const found = changeClasses.get(id);
  if (found === undefined) throw new Error(`unknown change class: ${id}`);
  return found;
}
