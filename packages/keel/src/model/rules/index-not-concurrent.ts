import { constraintsOf, nodeAs } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { alterCommands } from './statement-parts.ts';

/** `model/index-not-concurrent`: indexes on tables with rows are built and dropped without blocking writes. */
export const indexNotConcurrent = lintRule({
  id: 'model/index-not-concurrent',
  severity: 'error',
  summary:
    'Indexes on tables an earlier migration created are created and dropped CONCURRENTLY, and unique or primary key constraints are attached to such an index.',
  fix: 'Write CREATE INDEX CONCURRENTLY (or DROP INDEX CONCURRENTLY) alone in a migration marked `-- keel:no-transaction`; for a constraint, build its unique index concurrently first, then ADD CONSTRAINT … USING INDEX.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      const index = nodeAs(statement.node, 'IndexStmt');
      if (index !== undefined) {
        if (index.concurrent === true || !statement.onExistingTable) return [];
        return [
          {
            statement,
            message: `creates ${index.idxname === undefined ? 'an index' : `index ${index.idxname}`} on ${statement.table ?? ''} without CONCURRENTLY: writes to the table wait until it is built`,
          },
        ];
      }
      const drop = nodeAs(statement.node, 'DropStmt');
      if (drop?.removeType === 'OBJECT_INDEX') {
        // An index the migrations do not declare is not new either.
        const createdHere = statement.tables.length > 0 && statement.existingTables.length === 0;
        if (drop.concurrent === true || createdHere) return [];
        return [
          {
            statement,
            message: 'drops an index without CONCURRENTLY: reads and writes of its table wait for the lock',
          },
        ];
      }
      if (!statement.onExistingTable) return [];
      return alterCommands(statement).flatMap((cmd) =>
        constraintsOf(cmd.subtype === 'AT_AddConstraint' && cmd.def !== undefined ? [cmd.def] : [])
          .filter(
            (constraint) =>
              ['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION'].includes(constraint.contype ?? '') &&
              constraint.indexname === undefined,
          )
          .map((constraint) => ({
            statement,
            at: statement.locate(constraint.location),
            message: `adds a ${constraintWord(constraint.contype)} constraint to ${statement.table ?? ''}, which builds its index while the table is locked`,
          })),
      );
    }),
});

function constraintWord(contype: string | undefined): string {
  if (contype === 'CONSTR_PRIMARY') return 'primary key';
  return contype === 'CONSTR_UNIQUE' ? 'unique' : 'exclusion';
}
