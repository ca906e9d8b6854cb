import type { ForeignKey, Table } from '../model-model.ts';
import { lintRule, type Hit } from './lint-rule.ts';

/** `model/foreign-key-without-index`: deleting or updating a parent row does not scan the child table. */
export const foreignKeyWithoutIndex = lintRule({
  id: 'model/foreign-key-without-index',
  severity: 'warning',
  summary: 'The columns of every foreign key lead some index or key of their table (in any migration).',
  fix: 'Create an index whose leading columns are the foreign key’s (CONCURRENTLY when the table has rows): PostgreSQL does not index the referencing side, so each delete of a parent row scans the child table.',
  find: (model) =>
    model.tables.flatMap((table): Hit[] =>
      table.foreignKeys
        .filter((key) => !isIndexed(table, key))
        .map((key) => ({
          statement: key.statement,
          at: key.at,
          message: `foreign key ${table.name} (${key.columns.join(', ')}) → ${key.references} has no index that starts with ${key.columns.length === 1 ? 'its column' : 'its columns'}`,
        })),
    ),
});

/** Some index's first keys are the foreign key's columns, in any order. */
function isIndexed(table: Table, key: ForeignKey): boolean {
  const columns = new Set(key.columns);
  return table.indexes.some((index) => {
    const leading = index.keys.slice(0, columns.size).map((entry) => entry.value);
    return leading.length === columns.size && leading.every((value) => columns.has(value)) && index.predicate === '';
  });
}
