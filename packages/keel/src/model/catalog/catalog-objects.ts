import type { CatalogSnapshot, TypeSnapshot, ViewSnapshot, FunctionSnapshot } from './catalog-snapshot.ts';
import { qualifiedName } from './catalog-sql.ts';

/** A record of any list of a snapshot. */
export type CatalogRecord = CatalogSnapshot[keyof CatalogSnapshot][number];

/** How one list of a snapshot is keyed and named. */
export interface CatalogList {
  readonly list: keyof CatalogSnapshot;
  /** Identifies a record within its list across two snapshots. */
  readonly key: (record: CatalogRecord) => string;
  /** How a user reads it: `index bookings_org_id_starts_at_id`, `column bookings.notes`. */
  readonly label: (record: CatalogRecord) => string;
  /** The key in `tables` or `views` of the relation it belongs to, if any. */
  readonly relation?: (record: CatalogRecord) => string;
}

type Named = { readonly schema: string; readonly name: string };
type InTable = Named & { readonly table: string };

const named = (record: CatalogRecord) => record as Named;
const inTable = (record: CatalogRecord) => record as InTable;
const schemaKey = (record: CatalogRecord) => `${named(record).schema}.${named(record).name}`;
const tableKey = (record: CatalogRecord) => `${inTable(record).schema}.${inTable(record).table}`;
const nameOf = (record: CatalogRecord) => qualifiedName(named(record).schema, named(record).name);
const tableName = (record: CatalogRecord) => qualifiedName(inTable(record).schema, inTable(record).table);

const typeLabels: Readonly<Record<TypeSnapshot['kind'], string>> = {
  enum: 'enum type',
  domain: 'domain',
  composite: 'composite type',
  range: 'range type',
};

/** Every list of a snapshot, parents before children, in the order differences are reported. */
export const catalogLists: readonly CatalogList[] = [
  { list: 'schemas', key: (record) => named(record).name, label: (record) => `schema ${named(record).name}` },
  { list: 'extensions', key: (record) => named(record).name, label: (record) => `extension ${named(record).name}` },
  {
    list: 'types',
    key: schemaKey,
    label: (record) => `${typeLabels[(record as TypeSnapshot).kind]} ${nameOf(record)}`,
  },
  { list: 'tables', key: schemaKey, label: (record) => `table ${nameOf(record)}` },
  {
    list: 'columns',
    key: (record) => `${tableKey(record)}.${inTable(record).name}`,
    label: (record) => `column ${tableName(record)}.${inTable(record).name}`,
    relation: tableKey,
  },
  {
    list: 'constraints',
    key: (record) => `${tableKey(record)}.${inTable(record).name}`,
    label: (record) => `constraint ${inTable(record).name} on ${tableName(record)}`,
    relation: tableKey,
  },
  { list: 'indexes', key: schemaKey, label: (record) => `index ${nameOf(record)}`, relation: tableKey },
  { list: 'sequences', key: schemaKey, label: (record) => `sequence ${nameOf(record)}` },
  {
    list: 'views',
    key: schemaKey,
    label: (record) => `${(record as ViewSnapshot).materialized ? 'materialized view' : 'view'} ${nameOf(record)}`,
  },
  {
    list: 'functions',
    key: (record) => `${schemaKey(record)}(${(record as FunctionSnapshot).arguments})`,
    label: (record) =>
      `${(record as FunctionSnapshot).kind} ${nameOf(record)}(${(record as FunctionSnapshot).arguments})`,
  },
  {
    list: 'triggers',
    key: (record) => `${tableKey(record)}.${inTable(record).name}`,
    label: (record) => `trigger ${inTable(record).name} on ${tableName(record)}`,
    relation: tableKey,
  },
  {
    list: 'policies',
    key: (record) => `${tableKey(record)}.${inTable(record).name}`,
    label: (record) => `policy ${inTable(record).name} on ${tableName(record)}`,
    relation: tableKey,
  },
];
