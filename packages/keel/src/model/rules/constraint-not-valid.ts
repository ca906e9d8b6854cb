import { constraintsOf } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { addedColumns, alterCommands } from './statement-parts.ts';

/** `model/constraint-not-valid`: checks and foreign keys reach tables with rows without a scan under lock. */
export const constraintNotValid = lintRule({
  id: 'model/constraint-not-valid',
  severity: 'error',
  summary: 'Foreign keys and CHECK constraints added to a table an earlier migration created are added NOT VALID.',
  fix: 'Add the constraint with NOT VALID (new rows are checked at once), then VALIDATE CONSTRAINT in a later migration: validation takes a lock that lets reads and writes go on.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      if (!statement.onExistingTable) return [];
      const table = statement.table ?? '';
      const added = alterCommands(statement)
        .flatMap((cmd) => constraintsOf(cmd.subtype === 'AT_AddConstraint' && cmd.def !== undefined ? [cmd.def] : []))
        .filter((constraint) => ['CONSTR_FOREIGN', 'CONSTR_CHECK'].includes(constraint.contype ?? ''))
        .filter((constraint) => constraint.skip_validation !== true)
        .map((constraint) => ({
          statement,
          at: statement.locate(constraint.location),
          message: `adds ${constraint.contype === 'CONSTR_FOREIGN' ? 'a foreign key' : 'a CHECK constraint'}${constraint.conname === undefined ? '' : ` ${constraint.conname}`} to ${table} without NOT VALID: every row is checked while writes wait`,
        }));
      const references = addedColumns(statement).flatMap((column) =>
        constraintsOf(column.constraints)
          .filter((constraint) => constraint.contype === 'CONSTR_FOREIGN')
          .map((constraint) => ({
            statement,
            at: statement.locate(constraint.location),
            message: `adds column ${table}.${column.colname ?? ''} with a foreign key, which cannot be NOT VALID: both tables are locked while it is checked`,
            fix: 'Add the column without REFERENCES, then ADD CONSTRAINT … FOREIGN KEY … NOT VALID, and VALIDATE CONSTRAINT in a later migration.',
          })),
      );
      return [...added, ...references];
    }),
});
