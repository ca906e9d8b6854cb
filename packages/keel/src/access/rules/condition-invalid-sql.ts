import type { Issue } from '../../journey/finding.ts';
import { probeKey } from '../database/access-database.ts';
import { accessDatabaseRule } from './access-database-rule.ts';

/** A condition PostgreSQL refuses cannot become a policy: `keel gen` fails and the runtime has nothing to enforce. */
export const conditionInvalidSql = accessDatabaseRule({
  id: 'access/condition-invalid-sql',
  severity: 'error',
  summary: 'Every condition compiles to SQL that PostgreSQL accepts on the migrated schema.',
  fix: "Compare values of the column's type: a uuid column with principal.id or a quoted uuid, a number column with a number.",
  find: (model, { review }) =>
    model.operations.flatMap((entry) =>
      entry.allow.flatMap((allowance): Issue[] => {
        const refusal = review.refusedConditions.get(probeKey(entry, allowance));
        if (refusal === undefined || allowance.condition === undefined) return [];
        return [
          {
            message: `${entry.operationId}: ${allowance.role}'s condition \`${allowance.condition.text}\` is refused by PostgreSQL: ${refusal}`,
            at: allowance.condition.at,
          },
        ];
      }),
    ),
});
