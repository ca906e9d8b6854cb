import { joinPointer, splitPointer } from '../source/index.ts';
import { isRef, type DocumentSet, type Located } from './document-set.ts';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** Keywords whose values are data, not schemas: never walked for `$ref`. */
const dataKeywords = new Set(['example', 'examples', 'const', 'enum', 'default', 'x-examples']);

/**
 * Turns a schema that may `$ref` anything in any file into a self-contained schema: every referenced schema is copied
 * once into a local `$defs` and each `$ref` rewritten to point there. Recursion stays a `$ref`, so the result compiles
 * in Ajv and fast-json-stringify without a shared registry.
 */
export function bundleSchema(documents: DocumentSet, schema: Located): JsonSchema {
  const defs: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const taken = new Set<string>();

  const defName = (target: Located): string => {
    const key = `${target.file}#${target.pointer}`;
    const known = names.get(key);
    if (known !== undefined) return known;
    const base = (splitPointer(target.pointer).at(-1) ?? 'schema').replace(/[^A-Za-z0-9_.-]/g, '_') || 'schema';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    names.set(key, name);
    defs[name] = true; // placeholder: a recursive reference finds the name before the body is copied
    defs[name] = walk(target.value, target.file, target.pointer);
    return name;
  };

  const walk = (node: unknown, file: string, pointer: string): unknown => {
    if (Array.isArray(node)) return node.map((item, index) => walk(item, file, `${pointer}/${index}`));
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const childPointer = pointer + joinPointer([key]);
      if (key === '$ref' && typeof child === 'string') {
        const target = documents.resolveRef(child, file, { pointer: childPointer });
        out['$ref'] = `#/$defs/${encodeURIComponent(defName(target))}`;
      } else if (dataKeywords.has(key) || key.startsWith('x-')) {
        out[key] = child;
      } else if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') {
        out[key] = mapValues(child, (value, name) => walk(value, file, childPointer + joinPointer([name])));
      } else {
        out[key] = walk(child, file, childPointer);
      }
    }
    return out;
  };

  const root = isRef(schema.value)
    ? { $ref: `#/$defs/${encodeURIComponent(defName(documents.resolveRef(schema.value.$ref, schema.file, schema)))}` }
    : (walk(schema.value, schema.file, schema.pointer) as Record<string, unknown>);
  if (typeof root !== 'object') return root;
  if (Object.keys(defs).length === 0) return root;
  const existing = (root as { $defs?: Record<string, unknown> }).$defs ?? {};
  return { ...root, $defs: { ...existing, ...defs } };
}

function mapValues(value: unknown, fn: (child: unknown, key: string) => unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fn(child, key)]));
}

/**
 * Nests bundled schemas as the properties of one object schema. Each one's `$defs` move to the root under a prefix
 * (`orgId.Id`), and its `$ref`s are rewritten to match, since a `#/$defs/...` reference resolves from the root.
 */
export function objectOfSchemas(
  properties: Readonly<Record<string, JsonSchema>>,
  required: readonly string[],
): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const nested: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    if (typeof schema !== 'object' || schema['$defs'] === undefined) {
      nested[name] = schema;
      continue;
    }
    const prefix = `${name}.`;
    const { $defs: own, ...rest } = schema as { $defs: Record<string, unknown> };
    for (const [key, value] of Object.entries(own)) defs[prefix + key] = prefixRefs(value, prefix);
    nested[name] = prefixRefs(rest, prefix);
  }
  return {
    type: 'object',
    properties: nested,
    required: [...required],
    ...(Object.keys(defs).length === 0 ? {} : { $defs: defs }),
  };
}

function prefixRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => prefixRefs(item, prefix));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) {
      out[key] = `#/$defs/${encodeURIComponent(prefix)}${child.slice('#/$defs/'.length)}`;
    } else if (dataKeywords.has(key) || key.startsWith('x-')) {
      out[key] = child;
    } else {
      out[key] = prefixRefs(child, prefix);
    }
  }
  return out;
}
