import type { Column, Table } from '../model-model.ts';
import { lintRule, type Hit } from './lint-rule.ts';

const smallIntegers = new Set(['int2', 'int4']);

/** `model/int-key`: keys are wide enough never to run out. */
export const intKey = lintRule({
  id: 'model/int-key',
  severity: 'warning',
  summary: 'No primary or foreign key column is integer or smallint.',
  fix: 'Use bigint (or uuid): an integer key runs out at 2^31 rows, and widening it later rewrites the table and every table that references it.',
  find: (model) =>
    model.tables.flatMap((table): Hit[] =>
      keyColumns(table)
        .filter(({ column }) => smallIntegers.has(column.type.name) && !column.type.array)
        .map(({ column, role }) => ({
          statement: column.statement,
          at: column.at,
          message: `${table.name}.${column.name} is ${column.type.text} and a ${role}: it runs out at ${column.type.name === 'int2' ? '32,767' : '2,147,483,647'}`,
        })),
    ),
});

function keyColumns(table: Table): { readonly column: Column; readonly role: string }[] {
  const roles = new Map<string, string>();
  for (const index of table.indexes.filter((entry) => entry.origin === 'primary key')) {
    for (const key of index.keys) roles.set(key.value, 'primary key');
  }
  for (const key of table.foreignKeys) {
    for (const column of key.columns) if (!roles.has(column)) roles.set(column, 'foreign key');
  }
  return table.columns.flatMap((column) => {
    const role = roles.get(column.name);
    return role === undefined ? [] : [{ column, role }];
  });
}
