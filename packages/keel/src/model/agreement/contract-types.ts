import type { SqlType } from '../model-model.ts';

/** The JSON types a column's values can take, and the string format its values always have. */
export interface ExpectedType {
  readonly types: readonly string[];
  /** `uuid`, `date-time`, `date`: a string property of this column must declare it; undefined for free text. */
  readonly format: string | undefined;
}

const integers = new Set([
  'int2',
  'int4',
  'int8',
  'smallserial',
  'serial',
  'serial2',
  'serial4',
  'serial8',
  'bigserial',
]);
const numbers = new Set(['numeric', 'float4', 'float8']);
const texts = new Set(['text', 'varchar', 'bpchar', 'citext']);
const formatted: Readonly<Record<string, string>> = { uuid: 'uuid', timestamptz: 'date-time', date: 'date' };

/** Formats that promise what only a column of one type guarantees. */
export const columnFormats: Readonly<Record<string, string>> = {
  uuid: 'uuid',
  'date-time': 'timestamptz',
  date: 'date',
};

/**
 * How a column's values appear in JSON: integers as integer (or number), numerics as number, booleans, jsonb as object
 * or array, PostgreSQL arrays as array, and uuid, timestamptz and date as strings of their format. Undefined for types
 * the agreement does not judge (`interval`, `inet`, `bytea`, `timestamp` is judged apart).
 */
export function expectedType(type: SqlType, isEnum: boolean): ExpectedType | undefined {
  if (type.array) return { types: ['array'], format: undefined };
  if (integers.has(type.name)) return { types: ['integer', 'number'], format: undefined };
  if (numbers.has(type.name)) return { types: ['number'], format: undefined };
  if (type.name === 'bool') return { types: ['boolean'], format: undefined };
  if (type.name === 'jsonb' || type.name === 'json') return { types: ['object', 'array'], format: undefined };
  if (texts.has(type.name) || isEnum) return { types: ['string'], format: undefined };
  const format = formatted[type.name];
  return format === undefined ? undefined : { types: ['string'], format };
}

/** The non-null types a property's schema allows. */
export function propertyTypes(schema: Readonly<Record<string, unknown>>): string[] {
  const type = schema['type'];
  const types: readonly unknown[] = Array.isArray(type) ? type : [type];
  return types.filter((entry): entry is string => typeof entry === 'string' && entry !== 'null');
}

/** The property allows null: a `null` type, `nullable: true` (3.0 style), or null among its enum values. */
export function allowsNull(schema: Readonly<Record<string, unknown>>): boolean {
  const type = schema['type'];
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (schema['nullable'] === true) return true;
  const values = schema['enum'];
  return Array.isArray(values) && values.includes(null);
}
