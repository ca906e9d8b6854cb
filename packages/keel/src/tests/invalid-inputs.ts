import type { JsonSchema } from '../contract/index.ts';
import { mergeAllOf, resolveRef, typeOf } from './schema-arbitrary.ts';

/** The kinds of invalid input the conformance suite sends, one finding wording each. */
export type InvalidKind =
  | 'missing required'
  | 'wrong type'
  | 'out of range'
  | 'too long'
  | 'too short'
  | 'extra property'
  | 'bad format'
  | 'bad enum value';

export interface InvalidInput {
  readonly kind: InvalidKind;
  /** What was broken, e.g. `name: 101 characters (maxLength 100)`. */
  readonly what: string;
  readonly value: unknown;
}

const wrongTypeOf: Readonly<Record<string, unknown>> = {
  string: 12345,
  integer: 'not a number',
  number: 'not a number',
  boolean: 'not a boolean',
  array: { not: 'an array' },
  object: 'not an object',
};

const notOfFormat: Readonly<Record<string, string>> = {
  uuid: 'not-a-uuid',
  email: 'not an email',
  'date-time': '2030-13-45 25:61',
  date: '2030-02-31x',
  uri: 'not a uri',
  ipv4: '999.1.1.1',
};

/**
 * Invalid variants of a valid object, one per property and kind: a required property dropped, a value of the wrong
 * type, a number outside its bounds, a string too long or too short, an undeclared property where none is allowed, a
 * string not of its format, a value outside its enum. Candidates are only proposals: the caller keeps those its
 * validator rejects, so a schema that tolerates a variant never yields a false alarm.
 *
 * @example
 * invalidVariants({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }, { name: 'a' });
 * // [{ kind: 'missing required', what: 'name', value: {} }, { kind: 'wrong type', what: 'name: a number', … }]
 */
export function invalidVariants(schema: JsonSchema, valid: unknown, root: JsonSchema = schema): InvalidInput[] {
  if (typeof schema !== 'object') return [];
  let resolved = resolveRef(schema, root);
  if (typeof resolved !== 'object') return [];
  if (Array.isArray(resolved['allOf'])) resolved = mergeAllOf(resolved, root);
  if (typeOf(resolved) !== 'object' || typeof valid !== 'object' || valid === null || Array.isArray(valid)) {
    return scalarVariants(resolved, root).map((variant) => ({ ...variant, what: variant.what }));
  }
  const base = valid as Record<string, unknown>;
  const variants: InvalidInput[] = [{ kind: 'wrong type', what: 'the body: an array instead of an object', value: [] }];
  const properties = (resolved['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const name of (resolved['required'] ?? []) as string[]) {
    const rest = Object.fromEntries(Object.entries(base).filter(([key]) => key !== name));
    variants.push({ kind: 'missing required', what: name, value: rest });
  }
  if (resolved['additionalProperties'] === false || resolved['unevaluatedProperties'] === false) {
    variants.push({ kind: 'extra property', what: 'keelUnexpected', value: { ...base, keelUnexpected: 1 } });
  }
  for (const [name, property] of Object.entries(properties)) {
    if (typeof property !== 'object') continue;
    for (const variant of scalarVariants(resolveRef(property, root), root)) {
      variants.push({
        kind: variant.kind,
        what: `${name}: ${variant.what}`,
        value: { ...base, [name]: variant.value },
      });
    }
  }
  return variants;
}

/** Invalid values for one scalar (or array) schema. */
export function scalarVariants(schema: JsonSchema, root: JsonSchema): InvalidInput[] {
  if (typeof schema !== 'object') return [];
  const resolved = resolveRef(schema, root);
  if (typeof resolved !== 'object') return [];
  const variants: InvalidInput[] = [];
  const type = typeOf(resolved);
  const wrong = type === undefined ? undefined : wrongTypeOf[type];
  if (wrong !== undefined)
    variants.push({ kind: 'wrong type', what: `${JSON.stringify(wrong)} (not ${type})`, value: wrong });
  const number = (name: string) => (typeof resolved[name] === 'number' ? resolved[name] : undefined);
  const minimum = number('minimum') ?? number('exclusiveMinimum');
  const maximum = number('maximum') ?? number('exclusiveMaximum');
  if (minimum !== undefined)
    variants.push({ kind: 'out of range', what: `${minimum - 1} (minimum ${minimum})`, value: minimum - 1 });
  if (maximum !== undefined)
    variants.push({ kind: 'out of range', what: `${maximum + 1} (maximum ${maximum})`, value: maximum + 1 });
  const maxLength = number('maxLength');
  if (maxLength !== undefined) {
    variants.push({
      kind: 'too long',
      what: `${maxLength + 1} characters (maxLength ${maxLength})`,
      value: 'x'.repeat(maxLength + 1),
    });
  }
  const minLength = number('minLength');
  if (minLength !== undefined && minLength > 0) {
    variants.push({
      kind: 'too short',
      what: `${minLength - 1} characters (minLength ${minLength})`,
      value: 'x'.repeat(minLength - 1),
    });
  }
  const maxItems = number('maxItems');
  if (maxItems !== undefined && type === 'array') {
    variants.push({
      kind: 'too long',
      what: `${maxItems + 1} items (maxItems ${maxItems})`,
      value: Array.from({ length: maxItems + 1 }, () => null),
    });
  }
  const format = typeof resolved['format'] === 'string' ? notOfFormat[resolved['format']] : undefined;
  if (format !== undefined)
    variants.push({
      kind: 'bad format',
      what: `${JSON.stringify(format)} (not ${String(resolved['format'])})`,
      value: format,
    });
  if (Array.isArray(resolved['enum'])) {
    variants.push({ kind: 'bad enum value', what: '"keel-not-in-enum"', value: 'keel-not-in-enum' });
  }
  return variants;
}
