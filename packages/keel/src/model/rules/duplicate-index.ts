import type { TableIndex } from '../model-model.ts';
import { lintRule, type Hit } from './lint-rule.ts';

/** `model/duplicate-index`: each index serves queries another does not. */
export const duplicateIndex = lintRule({
  id: 'model/duplicate-index',
  severity: 'warning',
  summary:
    'No index is covered by another of its table: same method and predicate, and its keys the same as or a prefix of the other’s.',
  fix: 'Drop the covered index (DROP INDEX CONCURRENTLY when the table has rows): it slows every write and serves no query the other cannot.',
  find: (model) =>
    model.tables.flatMap((table): Hit[] =>
      table.indexes.flatMap((index, position) => {
        const covering = table.indexes.find(
          (other, otherPosition) => otherPosition !== position && covers(other, index, otherPosition < position),
        );
        if (covering === undefined) return [];
        return [
          {
            statement: index.statement,
            at: index.at,
            message: `${describe(index)} on ${table.name} is covered by ${describe(covering)}`,
          },
        ];
      }),
    ),
});

/** `other` makes `index` redundant; of two identical indexes the later, or the one no constraint needs, goes. */
function covers(other: TableIndex, index: TableIndex, otherIsEarlier: boolean): boolean {
  if (other.method !== index.method || other.predicate !== index.predicate || other.keys.length < index.keys.length)
    return false;
  if (!index.keys.every((key, position) => other.keys[position]?.value === key.value)) return false;
  const same = other.keys.length === index.keys.length;
  // A unique index on fewer columns enforces something the longer one does not.
  if (index.unique && !(same && other.unique)) return false;
  if (!same) return true;
  if (index.unique !== other.unique) return !index.unique;
  const constraint = (entry: TableIndex): boolean => entry.origin !== 'index';
  if (constraint(index) !== constraint(other)) return !constraint(index);
  return otherIsEarlier;
}

function describe(index: TableIndex): string {
  const what = index.origin === 'index' ? `index ${index.name}` : `${index.origin} ${index.name}`;
  return `${what} (${index.keys.map((key) => key.text).join(', ')})`;
}
