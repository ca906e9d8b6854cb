import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { addedColumns, alterCommands, columnName, hasConstraint } from './statement-parts.ts';

/** `model/not-null-on-existing-table`: NOT NULL reaches a table with rows only in steps that neither fail nor lock. */
export const notNullOnExistingTable = lintRule({
  id: 'model/not-null-on-existing-table',
  severity: 'error',
  summary:
    'No migration adds a NOT NULL column without a default, or sets NOT NULL, on a table an earlier migration created.',
  fix: 'Add the column nullable (or with a constant default), backfill it in batches, then add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, and only then SET NOT NULL (PostgreSQL uses the valid check instead of scanning) and drop the check.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      if (!statement.onExistingTable) return [];
      const added = addedColumns(statement)
        .filter(
          (column) =>
            (column.is_not_null === true || hasConstraint(column, 'CONSTR_NOTNULL', 'CONSTR_PRIMARY')) &&
            !hasConstraint(column, 'CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'),
        )
        .map((column) => ({
          statement,
          at: statement.locate(column.location),
          message: `adds column ${columnName(statement, column.colname ?? '')} NOT NULL without a default: the statement fails as soon as the table has a row`,
        }));
      const set = alterCommands(statement)
        .filter((cmd) => cmd.subtype === 'AT_SetNotNull')
        .map((cmd) => ({
          statement,
          message: `sets ${columnName(statement, cmd.name ?? '')} NOT NULL: PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock, and the statement fails on any NULL`,
        }));
      return [...added, ...set];
    }),
});
