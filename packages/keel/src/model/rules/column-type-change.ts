import type { SqlType } from '../model-model.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { columnName, declaredColumns } from './statement-parts.ts';

/** `model/column-type-change`: a column of an earlier migration keeps its type, save changes that need no rewrite. */
export const columnTypeChange = lintRule({
  id: 'model/column-type-change',
  severity: 'error',
  summary:
    'No migration changes the type of a column an earlier migration created, except widening a varchar (which rewrites nothing).',
  fix: 'Expand and contract: add a column of the new type, write both, backfill in batches, switch reads, then drop the old column in a later release.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      if (!statement.onExistingTable) return [];
      return declaredColumns(statement)
        .filter((declared) => declared.via === 'alter type')
        .flatMap((declared) => {
          const before = statement.tableBefore?.columns.find((column) => column.name === declared.column)?.type;
          if (before !== undefined && widensWithoutRewrite(before, declared.type)) return [];
          const from = before === undefined ? '' : ` from ${before.text}`;
          return [
            {
              statement,
              at: declared.at,
              message: `changes the type of ${columnName(statement, declared.column)}${from} to ${declared.type.text}: PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock, and clients that expect the old type break`,
            },
          ];
        });
    }),
});

/** varchar(n) → varchar(m ≥ n), varchar or text: PostgreSQL only changes the catalog. */
function widensWithoutRewrite(before: SqlType, after: SqlType): boolean {
  if (before.name !== 'varchar' || before.array !== after.array) return false;
  if (after.name === 'text') return true;
  if (after.name !== 'varchar') return false;
  const [length] = after.modifiers;
  const [previous] = before.modifiers;
  return length === undefined || (previous !== undefined && length >= previous);
}
