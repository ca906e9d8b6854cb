import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptySnapshot, tableSnapshot } from './catalog-test-helpers.ts';
import type { CatalogSnapshot, ColumnSnapshot, IndexSnapshot, TableSnapshot } from './catalog-snapshot.ts';
import { compareCatalogs, describeDifference } from './compare-catalogs.ts';

const table = (name: string): TableSnapshot => tableSnapshot(name);
const column = (tableName: string, name: string, changes: Partial<ColumnSnapshot> = {}): ColumnSnapshot => ({
  schema: 'public',
  table: tableName,
  name,
  type: 'text',
  notNull: false,
  default: null,
  identity: null,
  generated: null,
  collation: null,
  comment: null,
  ...changes,
});
const index = (tableName: string, name: string, constraint: string | null = null): IndexSnapshot => ({
  schema: 'public',
  table: tableName,
  name,
  definition: `CREATE INDEX ${name} ON public.${tableName} USING btree (id)`,
  valid: true,
  constraint,
});
const bookings: CatalogSnapshot = {
  ...emptySnapshot(),
  tables: [table('bookings')],
  columns: [
    column('bookings', 'id', { type: 'uuid', notNull: true }),
    column('bookings', 'status', { default: "'a'::text" }),
  ],
  constraints: [
    { schema: 'public', table: 'bookings', name: 'bookings_pkey', type: 'primary key', definition: 'PRIMARY KEY (id)' },
  ],
  indexes: [index('bookings', 'bookings_pkey', 'bookings_pkey')],
};

describe('compareCatalogs', () => {
  test('finds nothing between equal snapshots', () => {
    assert.deepEqual(compareCatalogs(bookings, structuredClone(bookings)), []);
  });

  test('names an object found on one side only', () => {
    const withIndex = { ...bookings, indexes: [...bookings.indexes, index('bookings', 'bookings_status_idx')] };
    assert.deepEqual(compareCatalogs(bookings, withIndex), [
      { kind: 'unexpected', list: 'indexes', object: 'index bookings_status_idx', changes: [] },
    ]);
    assert.deepEqual(compareCatalogs(withIndex, bookings), [
      { kind: 'missing', list: 'indexes', object: 'index bookings_status_idx', changes: [] },
    ]);
  });

  test('lists each property that changed, before and after', () => {
    const changed = {
      ...bookings,
      columns: [bookings.columns[0] ?? column('bookings', 'id'), column('bookings', 'status', { notNull: true })],
    };
    const differences = compareCatalogs(bookings, changed);
    assert.deepEqual(differences, [
      {
        kind: 'changed',
        list: 'columns',
        object: 'column bookings.status',
        changes: [
          { property: 'not null', before: 'no', after: 'yes' },
          { property: 'default', before: "'a'::text", after: 'none' },
        ],
      },
    ]);
    assert.equal(
      differences.map(describeDifference).join(),
      "column bookings.status is changed: not null no → yes; default 'a'::text → none",
    );
  });

  test('reports a missing table once, not each of its columns, constraints and indexes', () => {
    assert.deepEqual(compareCatalogs(bookings, emptySnapshot()), [
      { kind: 'missing', list: 'tables', object: 'table bookings', changes: [] },
    ]);
    assert.deepEqual(compareCatalogs(emptySnapshot(), bookings), [
      { kind: 'unexpected', list: 'tables', object: 'table bookings', changes: [] },
    ]);
  });

  test('reports a missing constraint without the index that enforces it', () => {
    const withoutKey = { ...bookings, constraints: [], indexes: [] };
    assert.deepEqual(
      compareCatalogs(bookings, withoutKey).map((difference) => difference.object),
      ['constraint bookings_pkey on bookings'],
    );
  });

  test('reports a missing column without the sequence it owns', () => {
    const withSerial: CatalogSnapshot = {
      ...bookings,
      columns: [...bookings.columns, column('bookings', 'number', { type: 'integer' })],
      sequences: [
        {
          schema: 'public',
          name: 'bookings_number_seq',
          type: 'integer',
          start: '1',
          increment: '1',
          min: '1',
          max: '2147483647',
          cache: '1',
          cycle: false,
          ownedBy: 'bookings.number',
          grants: [],
        },
      ],
    };
    assert.deepEqual(
      compareCatalogs(withSerial, bookings).map((difference) => difference.object),
      ['column bookings.number'],
    );
  });

  test('qualifies names outside the public schema', () => {
    const audit = { ...table('entries'), schema: 'audit' };
    assert.deepEqual(
      compareCatalogs(emptySnapshot(), { ...emptySnapshot(), tables: [audit] }).map((difference) => difference.object),
      ['table audit.entries'],
    );
  });
});
