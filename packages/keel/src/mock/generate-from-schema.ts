import type { JsonSchema } from '../contract/index.ts';
import { samplePattern } from './pattern-sample.ts';
import { pick, randomInt, type Random } from './seeded-random.ts';

type SchemaObject = Readonly<Record<string, unknown>>;

export interface GenerateOptions {
  readonly random: Random;
  /** Use the schema's own `examples` and `default` where it has them (static mocks); dynamic mocks vary instead. */
  readonly preferSchemaExamples: boolean;
}

/** Beyond this depth only required properties and minimal arrays are generated, so recursive schemas end. */
const maxDepth = 6;
const words = ['alpha', 'bravo', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor', 'iris', 'juniper', 'kestrel'];

/**
 * Data valid against a JSON Schema (2020-12, as bundled by the contract loader): honours type, format, enum, const,
 * minimum/maximum, lengths, required, items, `$ref`, allOf, oneOf and anyOf. The same `random` sequence gives the
 * same data.
 *
 * @example
 * generateFromSchema({ type: 'integer', minimum: 1, maximum: 6 }, { random: seededRandom(7), preferSchemaExamples: false });
 */
export function generateFromSchema(schema: JsonSchema, options: GenerateOptions): unknown {
  const root = schema;
  const { random } = options;

  const resolve = (node: JsonSchema): JsonSchema => {
    let current = node;
    for (let hops = 0; typeof current === 'object' && typeof current['$ref'] === 'string' && hops < 32; hops++) {
      const { $ref, ...siblings } = current as SchemaObject & { $ref: string };
      const target = pointerTarget(root, $ref);
      current =
        typeof target === 'object' && Object.keys(siblings).length > 0 ? { ...target, ...siblings } : (target ?? {});
    }
    return current;
  };

  const generate = (node: JsonSchema, depth: number): unknown => {
    const schemaNode = merged(resolve(node), resolve);
    if (typeof schemaNode === 'boolean') return schemaNode ? 'value' : undefined;
    if ('const' in schemaNode) return schemaNode['const'];
    if (Array.isArray(schemaNode['enum']) && schemaNode['enum'].length > 0) {
      return pick(random, schemaNode['enum'] as unknown[]);
    }
    if (options.preferSchemaExamples) {
      if (Array.isArray(schemaNode['examples']) && schemaNode['examples'].length > 0) return schemaNode['examples'][0];
      if ('example' in schemaNode) return schemaNode['example'];
      if ('default' in schemaNode) return schemaNode['default'];
    }
    const branches = (schemaNode['oneOf'] ?? schemaNode['anyOf']) as JsonSchema[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      const rest = Object.fromEntries(
        Object.entries(schemaNode).filter(([keyword]) => keyword !== 'oneOf' && keyword !== 'anyOf'),
      );
      const branch = resolve(pick(random, branches));
      return generate(typeof branch === 'object' ? { ...rest, ...branch } : branch, depth);
    }
    switch (typeOf(schemaNode, random)) {
      case 'null':
        return null;
      case 'boolean':
        return random() < 0.5;
      case 'integer':
        return generateNumber(schemaNode, random, true);
      case 'number':
        return generateNumber(schemaNode, random, false);
      case 'array':
        return generateArray(schemaNode, depth);
      case 'object':
        return generateObject(schemaNode, depth);
      default:
        return generateString(schemaNode, random);
    }
  };

  const generateArray = (node: SchemaObject, depth: number): unknown[] => {
    const min = numberOr(node['minItems'], 0);
    const max = Math.min(numberOr(node['maxItems'], min + 3), min + 3);
    const prefix = Array.isArray(node['prefixItems']) ? (node['prefixItems'] as JsonSchema[]) : [];
    const count = depth >= maxDepth ? min : randomInt(random, min, max);
    const items = (node['items'] ?? {}) as JsonSchema;
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (let attempt = 0; out.length < count && attempt < count * 5 + 5; attempt++) {
      const itemSchema = prefix[out.length] ?? items;
      const value = generate(itemSchema, depth + 1);
      if (node['uniqueItems'] === true) {
        const key = JSON.stringify(value);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(value);
    }
    return out;
  };

  const generateObject = (node: SchemaObject, depth: number): Record<string, unknown> => {
    const properties = (node['properties'] ?? {}) as Readonly<Record<string, JsonSchema>>;
    const required = new Set(Array.isArray(node['required']) ? (node['required'] as string[]) : []);
    const minProperties = numberOr(node['minProperties'], 0);
    const out: Record<string, unknown> = {};
    for (const [name, propertySchema] of Object.entries(properties)) {
      const wanted =
        required.has(name) || (depth < maxDepth && (random() < 0.7 || Object.keys(out).length < minProperties));
      if (!wanted) continue;
      const value = generate(propertySchema, depth + 1);
      if (value !== undefined) out[name] = value;
    }
    for (const name of required) {
      if (!(name in out)) out[name] = generate(true, depth + 1);
    }
    return out;
  };

  return generate(schema, 0);
}

/** allOf folded into one schema: properties and required are united, other keywords taken from the last branch. */
function merged(node: JsonSchema, resolve: (node: JsonSchema) => JsonSchema): JsonSchema {
  if (typeof node === 'boolean' || !Array.isArray(node['allOf'])) return node;
  const { allOf, ...rest } = node as SchemaObject & { allOf: JsonSchema[] };
  let out: Record<string, unknown> = { ...rest };
  for (const part of allOf) {
    const branch = merged(resolve(part), resolve);
    if (typeof branch === 'boolean') continue;
    out = {
      ...out,
      ...branch,
      properties: { ...(out['properties'] as object | undefined), ...(branch['properties'] as object | undefined) },
      required: [
        ...new Set([
          ...((out['required'] as string[] | undefined) ?? []),
          ...((branch['required'] as string[] | undefined) ?? []),
        ]),
      ],
    };
  }
  return out;
}

function typeOf(node: SchemaObject, random: Random): string {
  const type = node['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type) && type.length > 0) {
    // Mostly a value, sometimes null: both are valid, and a value shows more of the shape.
    const values = (type as string[]).filter((name) => name !== 'null');
    if (values.length === 0 || (values.length < type.length && random() < 0.2)) return 'null';
    return pick(random, values);
  }
  if (node['properties'] !== undefined || node['required'] !== undefined) return 'object';
  if (node['items'] !== undefined || node['prefixItems'] !== undefined) return 'array';
  if (node['minimum'] !== undefined || node['maximum'] !== undefined) return 'number';
  return 'string';
}

function generateNumber(node: SchemaObject, random: Random, integer: boolean): number {
  let min = numberOr(node['minimum'], Number.NEGATIVE_INFINITY);
  let max = numberOr(node['maximum'], Number.POSITIVE_INFINITY);
  const exclusiveMin = node['exclusiveMinimum'];
  const exclusiveMax = node['exclusiveMaximum'];
  const step = integer ? 1 : 0.01;
  if (typeof exclusiveMin === 'number') min = Math.max(min, exclusiveMin + step);
  if (typeof exclusiveMax === 'number') max = Math.min(max, exclusiveMax - step);
  if (min === Number.NEGATIVE_INFINITY) min = max === Number.POSITIVE_INFINITY ? 0 : max - 1000;
  if (max === Number.POSITIVE_INFINITY) max = min + 1000;
  const multipleOf = numberOr(node['multipleOf'], integer ? 1 : 0);
  if (multipleOf > 0) {
    const low = Math.ceil(min / multipleOf);
    const high = Math.floor(max / multipleOf);
    return high < low ? low * multipleOf : randomInt(random, low, high) * multipleOf;
  }
  return Math.round((min + random() * (max - min)) * 100) / 100;
}

function generateString(node: SchemaObject, random: Random): string {
  const minLength = numberOr(node['minLength'], 0);
  const maxLength = numberOr(node['maxLength'], Number.POSITIVE_INFINITY);
  const fits = (value: string): boolean => value.length >= minLength && value.length <= maxLength;
  if (typeof node['pattern'] === 'string') {
    for (let attempt = 0; attempt < 20; attempt++) {
      const sample = samplePattern(node['pattern'], random);
      if (sample !== undefined && fits(sample)) return sample;
    }
  }
  const formatted = typeof node['format'] === 'string' ? formatSample(node['format'], random) : undefined;
  if (formatted !== undefined && fits(formatted)) return formatted;
  let text = pick(random, words);
  while (text.length < minLength) text += ' ' + pick(random, words);
  return text.slice(0, maxLength);
}

function formatSample(format: string, random: Random): string | undefined {
  const hex = (count: number): string =>
    Array.from({ length: count }, () => Math.floor(random() * 16).toString(16)).join('');
  const instant = new Date(
    Date.UTC(2025, 0, 1) + Math.floor(random() * 730) * 86_400_000 + randomInt(random, 0, 86_399) * 1000,
  );
  switch (format) {
    case 'date-time':
      return instant.toISOString().replace('.000Z', 'Z');
    case 'date':
      return instant.toISOString().slice(0, 10);
    case 'time':
      return instant.toISOString().slice(11, 19) + 'Z';
    case 'uuid':
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(random, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
    case 'email':
      return `${pick(random, words)}.${pick(random, words)}@example.com`;
    case 'hostname':
      return `${pick(random, words)}.example.com`;
    case 'uri':
    case 'url':
    case 'uri-reference':
    case 'iri':
      return `https://example.com/${pick(random, words)}/${hex(6)}`;
    case 'ipv4':
      return Array.from({ length: 4 }, () => randomInt(random, 1, 254)).join('.');
    case 'ipv6':
      return `2001:db8::${hex(4)}`;
    case 'byte':
      return Buffer.from(pick(random, words)).toString('base64');
    case 'int64':
    case 'int32':
      return String(randomInt(random, 0, 100_000));
    default:
      return undefined;
  }
}

function pointerTarget(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node as JsonSchema | undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
