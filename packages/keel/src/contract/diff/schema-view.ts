import { joinPointer, splitPointer } from '../../source/index.ts';
import type { DocumentSet, Located } from '../document-set.ts';

/** A keyword's value and where it is written (an `allOf` branch's keyword keeps the branch's position). */
export interface SchemaKeyword {
  readonly value: unknown;
  readonly at: Located;
}

/**
 * A schema as the diff sees it: `$ref`s followed, `allOf` merged, `null` alternatives folded into `nullable`, so two
 * versions compare by meaning rather than by how they are written.
 */
export interface SchemaView {
  readonly at: Located;
  /** The component's name when the schema is one (`Booking`), for messages that hold across operations. */
  readonly name: string | undefined;
  /** Allowed types other than `null` (`integer` is a subset of `number`); undefined means any. */
  readonly types: ReadonlySet<string> | undefined;
  readonly nullable: boolean;
  readonly keywords: ReadonlyMap<string, SchemaKeyword>;
  readonly properties: ReadonlyMap<string, Located>;
  /** Required property names, each with the position of its entry in `required`. */
  readonly required: ReadonlyMap<string, Located>;
  readonly oneOf: readonly Located[] | undefined;
  readonly anyOf: readonly Located[] | undefined;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly deprecated: boolean;
}

/** Keywords whose tightest value wins when `allOf` branches both set them. */
const lowerBoundKeywords = new Set([
  'minimum',
  'exclusiveMinimum',
  'minLength',
  'minItems',
  'minProperties',
  'minContains',
]);
const upperBoundKeywords = new Set([
  'maximum',
  'exclusiveMaximum',
  'maxLength',
  'maxItems',
  'maxProperties',
  'maxContains',
]);
/** Keywords handled by the view's own fields, not kept in `keywords`. */
const structural = new Set([
  '$ref',
  'type',
  'nullable',
  'properties',
  'required',
  'allOf',
  'oneOf',
  'anyOf',
  'readOnly',
  'writeOnly',
  'deprecated',
  'title',
  'description',
  'example',
  'examples',
  '$comment',
  '$schema',
  '$id',
  '$defs',
  'definitions',
  'externalDocs',
  'xml',
]);

interface MutableView {
  at: Located;
  name: string | undefined;
  types: Set<string> | undefined;
  nullable: boolean;
  keywords: Map<string, SchemaKeyword>;
  properties: Map<string, Located>;
  required: Map<string, Located>;
  oneOf: Located[] | undefined;
  anyOf: Located[] | undefined;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
}

/** Builds the view of the schema at a location, following `$ref` and merging `allOf` (cycles stop the merge). */
export function viewSchema(documents: DocumentSet, schema: Located): SchemaView {
  return build(documents, schema, new Set());
}

function build(documents: DocumentSet, schema: Located, merging: Set<string>): MutableView {
  const at = documents.deref(schema);
  const view: MutableView = {
    at,
    name: componentName(at),
    types: undefined,
    nullable: false,
    keywords: new Map(),
    properties: new Map(),
    required: new Map(),
    oneOf: undefined,
    anyOf: undefined,
    readOnly: false,
    writeOnly: false,
    deprecated: false,
  };
  const value = at.value;
  if (value === false) view.types = new Set();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return view;
  const node = value as Readonly<Record<string, unknown>>;
  const child = (key: string, ...rest: (string | number)[]): Located => ({
    value: rest.reduce<unknown>((inner, token) => (inner as Record<string, unknown> | undefined)?.[token], node[key]),
    file: at.file,
    pointer: at.pointer + joinPointer([key, ...rest]),
  });

  const type = node['type'];
  const typeList = typeof type === 'string' ? [type] : Array.isArray(type) ? type.map(String) : undefined;
  if (typeList !== undefined) {
    view.nullable = typeList.includes('null');
    view.types = new Set(typeList.filter((name) => name !== 'null'));
  }
  if (node['nullable'] === true) view.nullable = true;
  view.readOnly = node['readOnly'] === true;
  view.writeOnly = node['writeOnly'] === true;
  view.deprecated = node['deprecated'] === true;
  for (const [key, keywordValue] of Object.entries(node)) {
    if (!structural.has(key)) view.keywords.set(key, { value: keywordValue, at: child(key) });
  }
  if (view.keywords.has('enum') && Array.isArray(node['enum']) && node['enum'].includes(null)) view.nullable = true;
  for (const name of Object.keys(asObject(node['properties']))) view.properties.set(name, child('properties', name));
  if (Array.isArray(node['required'])) {
    for (const [index, name] of node['required'].entries()) view.required.set(String(name), child('required', index));
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(node[keyword])) continue;
    const branches = (node[keyword] as unknown[]).map((_, index) => child(keyword, index));
    const nonNull = branches.filter((branch) => !isNullSchema(documents.deref(branch).value));
    if (nonNull.length < branches.length) view.nullable = true;
    if (nonNull.length === 1 && nonNull.length < branches.length) {
      // `oneOf: [X, {type: 'null'}]` is how 3.1 writes "nullable X".
      mergeInto(view, build(documents, nonNull[0] as Located, merging));
      view.nullable = true;
    } else {
      view[keyword] = nonNull;
    }
  }
  if (Array.isArray(node['allOf'])) {
    const key = `${at.file}#${at.pointer}`;
    if (!merging.has(key)) {
      merging.add(key);
      const parts = (node['allOf'] as unknown[]).map((_, index) => build(documents, child('allOf', index), merging));
      merging.delete(key);
      for (const part of parts) mergeInto(view, part);
    }
  }
  return view;
}

/** `allOf` semantics: a value must satisfy both, so types intersect, bounds take the tighter, requirements add up. */
function mergeInto(view: MutableView, part: MutableView): void {
  const viewAllowsNull = view.nullable || view.types === undefined;
  const partAllowsNull = part.nullable || part.types === undefined;
  view.nullable = viewAllowsNull && partAllowsNull && (view.nullable || part.nullable);
  if (part.types !== undefined) {
    const current = view.types;
    view.types =
      current === undefined
        ? new Set(part.types)
        : new Set([
            ...[...current].filter((type) => accepts(part.types as ReadonlySet<string>, type)),
            ...[...part.types].filter((type) => accepts(current, type)),
          ]);
  }
  for (const [key, keyword] of part.keywords) {
    const existing = view.keywords.get(key);
    if (existing === undefined) view.keywords.set(key, keyword);
    else if (typeof existing.value === 'number' && typeof keyword.value === 'number') {
      const tighter = lowerBoundKeywords.has(key)
        ? keyword.value > existing.value
        : upperBoundKeywords.has(key) && keyword.value < existing.value;
      if (tighter) view.keywords.set(key, keyword);
    }
  }
  for (const [name, at] of part.properties) if (!view.properties.has(name)) view.properties.set(name, at);
  for (const [name, at] of part.required) if (!view.required.has(name)) view.required.set(name, at);
  view.oneOf ??= part.oneOf;
  view.anyOf ??= part.anyOf;
  view.readOnly ||= part.readOnly;
  view.writeOnly ||= part.writeOnly;
  view.deprecated ||= part.deprecated;
}

function isNullSchema(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { type, const: constant, enum: values } = value as { type?: unknown; const?: unknown; enum?: unknown };
  if (type === 'null') return true;
  if (Array.isArray(type) && type.length === 1 && type[0] === 'null') return true;
  if ('const' in value && constant === null) return true;
  return Array.isArray(values) && values.length === 1 && values[0] === null;
}

/** `#/components/schemas/Booking` → `Booking`; a whole file (`schemas/booking.yaml`) → `booking`. */
function componentName(at: Located): string | undefined {
  const tokens = splitPointer(at.pointer);
  if (tokens.length === 0) {
    const base = at.file.split(/[\\/]/).at(-1) ?? '';
    return base.replace(/\.(ya?ml|json)$/i, '') || undefined;
  }
  const [first, second, third] = tokens;
  if (tokens.length === 1 && !/^(paths|components|webhooks|info|servers)$/.test(first ?? '')) return first;
  if (tokens.length === 3 && first === 'components' && second === 'schemas') return third;
  if (tokens.length === 2 && (first === '$defs' || first === 'definitions')) return second;
  return undefined;
}

function asObject(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Whether a set of types accepts a value of `type` (`number` accepts integers). */
export function accepts(types: ReadonlySet<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}
