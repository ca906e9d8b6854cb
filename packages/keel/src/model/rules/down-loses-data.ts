import type { Rule } from '../../journey/stage.ts';
import type { DataModel, ModelMigration } from '../model-model.ts';
import { nodeAs } from '../sql-ast.ts';
import { issueOf } from './lint-rule.ts';
import { migrationOf, reversibilityHit, reversibilityIssues } from './reversibility.ts';
import { alterCommands } from './statement-parts.ts';

/** `model/down-loses-data`: a rollback that would drop data says so before anyone runs it. */
export const downLosesData: Rule<DataModel> = {
  id: 'model/down-loses-data',
  severity: 'warning',
  summary:
    'No migration’s down step drops a table or column that existed before the migration (a rollback would lose its rows or values).',
  fix: 'Undo only what the up step did (alter the column back rather than dropping and re-creating it), or keep the data aside before dropping it; `keel db rollback` asks for an explicit flag before it runs such a step.',
  run: async (model, context) =>
    (await reversibilityIssues(model, context))
      .filter((issue) => issue.kind === 'data-loss')
      // What the up step itself drops is model/destructive-change's finding, at the statement.
      .filter((issue) => {
        const migration = migrationOf(model, issue);
        return migration === undefined || issue.object === undefined || !droppedByUp(migration).has(issue.object);
      })
      .map((issue) => issueOf(reversibilityHit(model, issue))),
};

/** `table members`, `column members.profile`: what the up section drops, named as the proof names objects. */
function droppedByUp(migration: ModelMigration): Set<string> {
  return new Set(
    migration.up.flatMap((statement) => {
      const drop = nodeAs(statement.node, 'DropStmt');
      if (drop?.removeType === 'OBJECT_TABLE') return statement.tables.map((table) => `table ${table}`);
      return alterCommands(statement)
        .filter((cmd) => cmd.subtype === 'AT_DropColumn')
        .map((cmd) => `column ${statement.table ?? ''}.${cmd.name ?? ''}`);
    }),
  );
}
