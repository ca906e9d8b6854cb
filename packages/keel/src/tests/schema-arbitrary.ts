import fc from 'fast-check';
import type { JsonSchema } from '../contract/index.ts';

type SchemaObject = { readonly [keyword: string]: unknown };

/** Strings per `format` that validators accept; a format Keel does not know gets plain strings. */
const formats: Readonly<Record<string, () => fc.Arbitrary<string>>> = {
  uuid: () => fc.uuid({ version: 4 }),
  email: () => fc.emailAddress(),
  'date-time': () =>
    fc
      .date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('2039-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString()),
  date: () =>
    fc
      .date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('2039-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10)),
  uri: () => fc.webUrl(),
  url: () => fc.webUrl(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
};

/**
 * A fast-check arbitrary of values that a JSON Schema (2020-12, as bundled by `bundleSchema`: local `$defs`) accepts.
 * Covers what contracts use: types and type lists, `const`, `enum`, bounds, lengths, `pattern`, `format`, arrays,
 * objects with required and optional properties, `allOf` of objects, `oneOf`/`anyOf`. Values stay small, since they go
 * into requests.
 *
 * @example
 * fc.sample(schemaArbitrary({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }), 1);
 */
export function schemaArbitrary(schema: JsonSchema, root: JsonSchema = schema, depth = 0): fc.Arbitrary<unknown> {
  if (schema === true) return fc.constant('keel');
  if (schema === false) return fc.constant(null);
  const resolved = resolveRef(schema, root);
  if (resolved !== schema) return schemaArbitrary(resolved, root, depth);
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0)
    return fc.constantFrom(...(schema['enum'] as unknown[]));
  const choices = (schema['oneOf'] ?? schema['anyOf']) as JsonSchema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) {
    // oneOf's branches may overlap; the first branch is the one most likely to be exclusive, so it comes alone.
    const branches = schema['oneOf'] !== undefined ? choices.slice(0, 1) : choices;
    return fc.oneof(...branches.map((branch) => schemaArbitrary(mergeSiblings(schema, branch), root, depth)));
  }
  if (Array.isArray(schema['allOf'])) return schemaArbitrary(mergeAllOf(schema, root), root, depth);
  const type = typeOf(schema);
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return numberArbitrary(schema, type);
    case 'string':
      return stringArbitrary(schema);
    case 'array':
      return arrayArbitrary(schema, root, depth);
    case 'object':
      return objectArbitrary(schema, root, depth);
    default:
      return fc.constant('keel');
  }
}

/** Follows a local `$ref` (`#/$defs/Name`, `#/components/schemas/Name`) within the bundled schema. */
export function resolveRef(schema: SchemaObject, root: JsonSchema): JsonSchema {
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/') || typeof root !== 'object') return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return typeof node === 'object' || typeof node === 'boolean' ? (node as JsonSchema) : schema;
}

/** The one type a schema's values get: the first non-null entry of a type list (null is exercised separately). */
export function typeOf(schema: SchemaObject): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((entry) => entry !== 'null') ?? type[0]) as string | undefined;
  if (schema['properties'] !== undefined || schema['required'] !== undefined) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

/** A schema's object shape with `allOf` folded in: properties and required lists merged. */
export function mergeAllOf(schema: SchemaObject, root: JsonSchema): SchemaObject {
  const { allOf, ...rest } = schema;
  let merged: Record<string, unknown> = { ...rest };
  for (const part of allOf as JsonSchema[]) {
    if (typeof part !== 'object') continue;
    const resolved = resolveRef(part, root);
    if (typeof resolved !== 'object') continue;
    const flat = Array.isArray(resolved['allOf']) ? mergeAllOf(resolved, root) : resolved;
    merged = {
      ...flat,
      ...merged,
      properties: { ...(flat['properties'] as object), ...(merged['properties'] as object) },
      required: [...((flat['required'] as string[]) ?? []), ...((merged['required'] as string[]) ?? [])],
    };
  }
  return merged;
}

function mergeSiblings(schema: SchemaObject, branch: JsonSchema): JsonSchema {
  if (typeof branch !== 'object') return branch;
  const siblings = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'oneOf' && key !== 'anyOf'));
  return Object.keys(siblings).length === 0 ? branch : { allOf: [siblings, branch] };
}

function numberArbitrary(schema: SchemaObject, type: 'integer' | 'number'): fc.Arbitrary<number> {
  const bound = (name: string) => (typeof schema[name] === 'number' ? schema[name] : undefined);
  const exclusiveMin = bound('exclusiveMinimum');
  const exclusiveMax = bound('exclusiveMaximum');
  const step = type === 'integer' ? 1 : 0.001;
  const min = bound('minimum') ?? (exclusiveMin === undefined ? -1000 : exclusiveMin + step);
  const max = bound('maximum') ?? (exclusiveMax === undefined ? Math.max(min, 0) + 1000 : exclusiveMax - step);
  const multipleOf = bound('multipleOf');
  if (type === 'integer') {
    const value = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    if (multipleOf === undefined) return value;
    const low = Math.ceil(min / multipleOf);
    const high = Math.floor(max / multipleOf);
    return fc.integer({ min: low, max: Math.max(low, high) }).map((n) => n * multipleOf);
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => Math.round(n * 1000) / 1000);
}

function stringArbitrary(schema: SchemaObject): fc.Arbitrary<string> {
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Math.max(minLength, 24);
  const format = typeof schema['format'] === 'string' ? formats[schema['format']] : undefined;
  if (format !== undefined) return format();
  if (typeof schema['pattern'] === 'string') {
    const pattern = new RegExp(schema['pattern'], 'u');
    return fc.stringMatching(pattern).filter((value) => value.length >= minLength && value.length <= maxLength);
  }
  // Printable text with a letter first: values read well in curl commands and survive trimming.
  const body = fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: Math.max(0, Math.min(maxLength, 40) - 1) });
  const text = fc
    .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), body)
    .map(([first, rest]) => (first + rest).trim().padEnd(Math.max(minLength, 1), 'x').slice(0, maxLength));
  // The boundaries, where handlers break: the longest and the shortest value the schema allows.
  const longest = fc.constant('k'.repeat(maxLength));
  const shortest = fc.constant('k'.repeat(Math.max(minLength, 1)));
  return fc.oneof(
    { arbitrary: text, weight: 6 },
    { arbitrary: longest, weight: 1 },
    { arbitrary: shortest, weight: 1 },
  );
}

function arrayArbitrary(schema: SchemaObject, root: JsonSchema, depth: number): fc.Arbitrary<unknown[]> {
  const items = (schema['items'] ?? true) as JsonSchema;
  const minLength = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
  const declaredMax = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : minLength + 3;
  const maxLength = Math.min(declaredMax, minLength + (depth > 2 ? 0 : 3));
  const item = schemaArbitrary(items, root, depth + 1);
  return schema['uniqueItems'] === true
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (value) => JSON.stringify(value) })
    : fc.array(item, { minLength, maxLength });
}

function objectArbitrary(schema: SchemaObject, root: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (typeof property === 'object' && property['readOnly'] === true) continue;
    if (depth > 3 && !required.has(name)) continue;
    shape[name] = schemaArbitrary(property, root, depth + 1);
  }
  for (const name of required) shape[name] ??= fc.constant('keel');
  // minProperties: enough of the declared properties become required to meet it.
  const minProperties = typeof schema['minProperties'] === 'number' ? schema['minProperties'] : 0;
  for (const name of Object.keys(shape)) {
    if (required.size >= minProperties) break;
    required.add(name);
  }
  return fc.record(shape, { requiredKeys: [...required].filter((name) => name in shape) });
}
