import { nodeAs } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';

/** `model/concurrently-in-transaction`: a CONCURRENTLY statement runs in a migration that opts out of the transaction. */
export const concurrentlyInTransaction = lintRule({
  id: 'model/concurrently-in-transaction',
  severity: 'error',
  summary: 'A migration with CREATE or DROP INDEX CONCURRENTLY is marked `-- keel:no-transaction`.',
  fix: 'Add the line `-- keel:no-transaction` before the up section’s SQL, and keep the concurrent statement in a migration of its own (without a transaction, a failure leaves the statements before it applied).',
  find: (model) =>
    upStatements(model).flatMap(({ migration, statement }): Hit[] => {
      if (!migration.transaction) return [];
      const concurrent =
        nodeAs(statement.node, 'IndexStmt')?.concurrent === true ||
        nodeAs(statement.node, 'DropStmt')?.concurrent === true;
      if (!concurrent) return [];
      return [
        {
          statement,
          message: `${migration.migration.file} runs in a transaction, where PostgreSQL refuses CONCURRENTLY: the migration fails`,
        },
      ];
    }),
});
