import { nodeAs } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';

/** `model/rename`: tables and columns of earlier migrations keep their names. */
export const rename = lintRule({
  id: 'model/rename',
  severity: 'error',
  summary: 'No migration renames a table or column an earlier migration created.',
  fix: 'Expand and contract: add the new column (or table, or a view with the new name), write both, backfill, switch reads, then drop the old one in a later release.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      const renamed = nodeAs(statement.node, 'RenameStmt');
      if (renamed === undefined || !statement.onExistingTable) return [];
      if (renamed.renameType === 'OBJECT_TABLE') {
        return [
          {
            statement,
            message: `renames table ${statement.table ?? ''} to ${renamed.newname ?? ''}: running code and clients that use the old name break`,
          },
        ];
      }
      if (renamed.renameType === 'OBJECT_COLUMN') {
        return [
          {
            statement,
            message: `renames column ${statement.table ?? ''}.${renamed.subname ?? ''} to ${renamed.newname ?? ''}: running code and clients that use the old name break`,
          },
        ];
      }
      return [];
    }),
});
