import type { Issue } from '../../journey/finding.ts';
import { closestMatches } from '../../source/index.ts';
import { operandsOf } from '../condition-ast.ts';
import { accessRule } from './access-rule.ts';

/** A condition on a column that does not exist fails at run time, or worse, silently never holds. */
export const unknownColumn = accessRule({
  id: 'access/unknown-column',
  severity: 'error',
  summary: 'Every row. and other. in a condition names a column of the table, and exists(…) a table of the migrations.',
  fix: 'Use a column of the table as the migrations create it (snake_case), or add a migration.',
  find: (model, facts) => {
    const tables = facts.tables;
    if (tables === undefined) return [];
    return model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation === undefined) return [];
      return entry.allow.flatMap((allowance): Issue[] => {
        const condition = allowance.condition;
        if (condition?.ast === undefined) return [];
        const issues: Issue[] = [];
        const reportedTables = new Set<string>();
        for (const { operand, exists } of operandsOf(condition.ast)) {
          if (operand.kind !== 'column') continue;
          const tableName = operand.scope === 'row' ? operation.table : exists?.table;
          const at = condition.locate(operand.span.start);
          if (tableName === undefined) {
            issues.push({
              message: `${entry.operationId}: ${allowance.role}'s condition names row.${operand.name}, but the operation's schemas name no table (x-keel-table)`,
              at,
              fix: 'Add `x-keel-table: <table>` to the schema of its response (or request) in the contract.',
            });
            continue;
          }
          const table = tables.get(tableName);
          if (table === undefined) {
            if (reportedTables.has(tableName)) continue;
            reportedTables.add(tableName);
            const [suggestion] = closestMatches(tableName, tables.keys(), 1);
            issues.push({
              message: `${entry.operationId}: ${allowance.role}'s condition names the table ${tableName}, which the migrations do not create`,
              at: operand.scope === 'other' && exists !== undefined ? condition.locate(exists.tableSpan.start) : at,
              ...(suggestion === undefined ? {} : { fix: `Did you mean ${suggestion}?` }),
            });
            continue;
          }
          const columns = table.columns.map((column) => column.name);
          if (columns.includes(operand.name)) continue;
          const [suggestion] = closestMatches(operand.name, columns, 1);
          issues.push({
            message: `${entry.operationId}: ${allowance.role}'s condition names ${operand.scope}.${operand.name}, but ${tableName} has no column ${operand.name} (columns: ${columns.join(', ')})`,
            at,
            ...(suggestion === undefined ? {} : { fix: `Did you mean ${operand.scope}.${suggestion}?` }),
          });
        }
        return issues;
      });
    });
  },
});
