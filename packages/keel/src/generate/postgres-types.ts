import type { CatalogSnapshot, DomainSnapshot, EnumTypeSnapshot } from '../model/catalog/index.ts';

/** A helper type a generated file declares once, when some column needs it. */
export type HelperType = 'Int8' | 'Numeric' | 'Timestamp' | 'Json';

/** The TypeScript of a column's value, as pg and PGlite return it. */
export interface TsType {
  /** What a column of this type is declared as, e.g. `Timestamp`, `string`, `BookingStatus`. */
  readonly column: string;
  /** What is read back, for array elements, e.g. `Date` for `Timestamp`. */
  readonly selected: string;
  readonly helpers: readonly HelperType[];
}

/** The helpers' declarations, in this order when several are needed. */
export const helperDeclarations: Readonly<Record<HelperType, string>> = {
  Int8: '/** `bigint`: read as a string, since a JavaScript number cannot hold every value. */\nexport type Int8 = ColumnType<string, bigint | number | string, bigint | number | string>;',
  Numeric:
    '/** `numeric`: read as a string, to keep every digit. */\nexport type Numeric = ColumnType<string, number | string, number | string>;',
  Timestamp:
    '/** `timestamptz`, `timestamp`, `date`: read as Dates, written as Dates or ISO strings. */\nexport type Timestamp = ColumnType<Date, Date | string, Date | string>;',
  Json: [
    'export type JsonPrimitive = boolean | number | string | null;',
    'export type JsonArray = JsonValue[];',
    'export type JsonObject = { [key: string]: JsonValue | undefined };',
    'export type JsonValue = JsonArray | JsonObject | JsonPrimitive;',
    '/** `json`, `jsonb`: read parsed. */',
    'export type Json = JsonValue;',
  ].join('\n'),
};

const plain = (type: string): TsType => ({ column: type, selected: type, helpers: [] });
const helper = (name: HelperType, selected: string): TsType => ({ column: name, selected, helpers: [name] });

/** Built-in types by the name `format_type` gives them, without a type modifier. */
const builtIns: Readonly<Record<string, TsType>> = {
  ...Object.fromEntries(
    [
      'uuid',
      'text',
      'character varying',
      'character',
      'citext',
      'name',
      '"char"',
      'xml',
      'inet',
      'cidr',
      'macaddr',
      'macaddr8',
      'money',
      'bit',
      'bit varying',
      'tsvector',
      'tsquery',
      'time without time zone',
      'time with time zone',
      'interval',
      'int4range',
      'int8range',
      'numrange',
      'tsrange',
      'tstzrange',
      'daterange',
      'int4multirange',
      'int8multirange',
      'nummultirange',
      'tsmultirange',
      'tstzmultirange',
      'datemultirange',
    ].map((name) => [name, plain('string')]),
  ),
  ...Object.fromEntries(
    ['smallint', 'integer', 'real', 'double precision', 'oid'].map((name) => [name, plain('number')]),
  ),
  boolean: plain('boolean'),
  bytea: plain('Uint8Array'),
  bigint: helper('Int8', 'string'),
  numeric: helper('Numeric', 'string'),
  'timestamp with time zone': helper('Timestamp', 'Date'),
  'timestamp without time zone': helper('Timestamp', 'Date'),
  date: helper('Timestamp', 'Date'),
  json: helper('Json', 'JsonValue'),
  jsonb: helper('Json', 'JsonValue'),
};

/** Resolves `format_type` spellings against the snapshot's enum and domain types. */
export interface TypeResolver {
  resolve(formatted: string): TsType;
  /** Enum types some column uses, by the TypeScript name they get. */
  readonly usedEnums: ReadonlyMap<string, EnumTypeSnapshot>;
}

export function createTypeResolver(snapshot: CatalogSnapshot): TypeResolver {
  const named = new Map<string, EnumTypeSnapshot | DomainSnapshot>();
  for (const type of snapshot.types) {
    if (type.kind === 'enum' || type.kind === 'domain') named.set(`${type.schema}.${type.name}`, type);
  }
  const usedEnums = new Map<string, EnumTypeSnapshot>();
  const resolve = (formatted: string, seen: ReadonlySet<string>): TsType => {
    const arrayMatch = /^(.*?)((?:\[\])+)$/.exec(formatted);
    if (arrayMatch !== null) {
      const element = resolve(arrayMatch[1] ?? '', seen);
      const dimensions = (arrayMatch[2] ?? '').length / 2;
      const base = /^[\w.]+$/.test(element.selected) ? element.selected : `(${element.selected})`;
      const array = base + '[]'.repeat(dimensions);
      return { column: array, selected: array, helpers: element.helpers };
    }
    const bare = formatted.replace(/\(\d+(?:,\d+)?\)/g, '');
    const builtIn = builtIns[bare];
    if (builtIn !== undefined) return builtIn;
    const key = qualified(bare);
    const type = named.get(key);
    if (type === undefined || seen.has(key)) return plain('unknown');
    if (type.kind === 'domain') return resolve(type.baseType, new Set([...seen, key]));
    const name = pascalCase(type.schema === 'public' ? type.name : `${type.schema}_${type.name}`);
    usedEnums.set(name, type);
    return plain(name);
  };
  return { resolve: (formatted) => resolve(formatted, new Set()), usedEnums };
}

/** `public.x`, `"My Schema"."X"` → `My Schema.X`; unqualified names are in the search path, so `public`. */
function qualified(formatted: string): string {
  const parts = formatted.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [formatted];
  const names = parts.map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part));
  return names.length === 1 ? `public.${names[0] ?? ''}` : names.join('.');
}

/** `booking_status` → `BookingStatus`; a leading digit gets an underscore. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return /^[0-9]/.test(joined) || joined === '' ? `_${joined}` : joined;
}
