import { nodeAs } from '../sql-ast.ts';
import type { Statement } from '../model-model.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';

/** `model/missing-lock-timeout`: DDL that waits for a table's lock gives up instead of queueing every query behind it. */
export const missingLockTimeout = lintRule({
  id: 'model/missing-lock-timeout',
  severity: 'warning',
  summary: 'Before DDL that locks a table an earlier migration created, the migration sets lock_timeout.',
  fix: "Start the up section with `SET lock_timeout = '5s';` (and retry the migration if it times out): while DDL waits for its lock, every query on the table queues behind it.",
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      if (statement.afterLockTimeout || !locksExistingTable(statement)) return [];
      const what = statement.table === undefined ? 'a table' : statement.table;
      return [{ statement, message: `locks ${what} with no lock_timeout set earlier in the migration` }];
    }),
});

function locksExistingTable(statement: Statement): boolean {
  const index = nodeAs(statement.node, 'IndexStmt');
  if (index !== undefined) return index.concurrent !== true && statement.onExistingTable;
  const drop = nodeAs(statement.node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_INDEX')
    return drop.concurrent !== true && (statement.existingTables.length > 0 || statement.tables.length === 0);
  if (drop?.removeType === 'OBJECT_TABLE') return statement.existingTables.length > 0;
  const locking = ['AlterTableStmt', 'RenameStmt', 'TruncateStmt'];
  return locking.includes(statement.kind) && statement.existingTables.length > 0;
}
