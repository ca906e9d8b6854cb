import { nodeAs } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { alterCommands, columnName } from './statement-parts.ts';

/** `model/destructive-change`: no table, column or row of an earlier migration is dropped without a written reason. */
export const destructiveChange = lintRule({
  id: 'model/destructive-change',
  severity: 'error',
  summary:
    'No migration drops a table or column, or truncates a table, that an earlier migration created, unless an allow comment gives the reason.',
  fix: 'Stop reading and writing it in the code and release that first; then drop it in a later migration, with `-- keel:allow model/destructive-change <reason>` on the line before the statement.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      const existing = statement.existingTables;
      const drop = nodeAs(statement.node, 'DropStmt');
      if (drop?.removeType === 'OBJECT_TABLE') {
        return existing.map((table) => ({
          statement,
          message: `drops table ${table}: its rows are lost, and clients that still use it break`,
        }));
      }
      if (statement.kind === 'TruncateStmt') {
        return existing.map((table) => ({ statement, message: `truncates table ${table}: its rows are lost` }));
      }
      if (!statement.onExistingTable) return [];
      return alterCommands(statement)
        .filter((cmd) => cmd.subtype === 'AT_DropColumn')
        .map((cmd) => ({
          statement,
          message: `drops column ${columnName(statement, cmd.name ?? '')}: its values are lost, and clients that still read it break`,
        }));
    }),
});
