import type { Position } from './change-collector.ts';
import type { SchemaView } from './schema-view.ts';

export const formatWidening = new Map([
  ['int32', 'int64'],
  ['float', 'double'],
]);

export const countBounds: readonly (readonly [string, string, 'lower' | 'upper'])[] = [
  ['minLength', 'min-length', 'lower'],
  ['maxLength', 'max-length', 'upper'],
  ['minItems', 'min-items', 'lower'],
  ['maxItems', 'max-items', 'upper'],
  ['minProperties', 'min-properties', 'lower'],
  ['maxProperties', 'max-properties', 'upper'],
  ['minContains', 'min-contains', 'lower'],
  ['maxContains', 'max-contains', 'upper'],
];

export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
  readonly at: Position;
}

export const boundKeywords: Readonly<Record<string, string>> = {
  min: 'minimum',
  max: 'maximum',
  'exclusive-min': 'exclusiveMinimum',
  'exclusive-max': 'exclusiveMaximum',
  'min-length': 'minLength',
  'max-length': 'maxLength',
  'min-items': 'minItems',
  'max-items': 'maxItems',
  'min-properties': 'minProperties',
  'max-properties': 'maxProperties',
  'min-contains': 'minContains',
  'max-contains': 'maxContains',
};

/** The tighter of `minimum`/`exclusiveMinimum` (or the maximum pair); 3.0's boolean `exclusiveMinimum` too. */
export function numericBound(view: SchemaView, kind: 'lower' | 'upper'): Bound | undefined {
  const plain = view.keywords.get(kind === 'lower' ? 'minimum' : 'maximum');
  const exclusive = view.keywords.get(kind === 'lower' ? 'exclusiveMinimum' : 'exclusiveMaximum');
  const candidates: Bound[] = [];
  if (typeof plain?.value === 'number')
    candidates.push({ value: plain.value, exclusive: exclusive?.value === true, at: plain.at });
  if (typeof exclusive?.value === 'number')
    candidates.push({ value: exclusive.value, exclusive: true, at: exclusive.at });
  const tighter = (a: Bound, b: Bound): Bound =>
    kind === 'lower'
      ? b.value > a.value || (b.value === a.value && b.exclusive)
        ? b
        : a
      : b.value < a.value || (b.value === a.value && b.exclusive)
        ? b
        : a;
  return candidates.reduce<Bound | undefined>(
    (best, next) => (best === undefined ? next : tighter(best, next)),
    undefined,
  );
}

/** A count bound; `minLength: 0` and friends say nothing, so they count as absent. */
export function countBound(view: SchemaView, keyword: string): Bound | undefined {
  const found = view.keywords.get(keyword);
  if (typeof found?.value !== 'number') return undefined;
  if (keyword.startsWith('min') && found.value === 0) return undefined;
  return { value: found.value, exclusive: false, at: found.at };
}

export function allowedValues(
  view: SchemaView,
): { keyword: string; values: unknown[]; extensible: boolean } | undefined {
  const constant = view.keywords.get('const');
  if (constant !== undefined) return { keyword: 'const', values: [constant.value], extensible: false };
  const values = view.keywords.get('enum')?.value;
  const extensible = view.keywords.get('x-extensible-enum')?.value;
  if (Array.isArray(values))
    return { keyword: 'enum', values: values.filter((value) => value !== null), extensible: false };
  if (Array.isArray(extensible)) return { keyword: 'x-extensible-enum', values: extensible, extensible: true };
  return undefined;
}

/** 2: anything goes; 1: extra properties must match a schema; 0: none allowed. */
export function openness(view: SchemaView): number {
  const value = view.keywords.get('additionalProperties')?.value;
  if (value === undefined || value === true) return 2;
  if (value === false) return 0;
  return isSchemaObject(value) && Object.keys(value).length === 0 ? 2 : 1;
}

export function isClosed(view: SchemaView): boolean {
  return (
    view.keywords.get('additionalProperties')?.value === false ||
    view.keywords.get('unevaluatedProperties')?.value === false
  );
}

export function discriminatorOf(view: SchemaView): { propertyName: string; mapping: Map<string, string> } | undefined {
  const value = view.keywords.get('discriminator')?.value;
  if (typeof value !== 'object' || value === null) return undefined;
  const { propertyName, mapping } = value as { propertyName?: unknown; mapping?: unknown };
  const entries =
    typeof mapping === 'object' && mapping !== null
      ? Object.entries(mapping).map(([key, target]) => [key, String(target)] as const)
      : [];
  return { propertyName: String(propertyName), mapping: new Map(entries) };
}

export function refName(ref: string): string {
  return ref.split('/').at(-1) ?? ref;
}

export function stringKeyword(view: SchemaView, keyword: string): string | undefined {
  const value = view.keywords.get(keyword)?.value;
  return typeof value === 'string' ? value : undefined;
}

export function numberKeyword(view: SchemaView, keyword: string): number | undefined {
  const value = view.keywords.get(keyword)?.value;
  return typeof value === 'number' ? value : undefined;
}

export function isSchemaObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formatTypes(types: ReadonlySet<string> | undefined): string {
  return types === undefined ? 'any' : types.size === 0 ? 'nothing' : [...types].join('|');
}

/** JSON with sorted keys: equal values, equal strings. */
export function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      isSchemaObject(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
    ) ?? 'undefined'
  );
}

export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
