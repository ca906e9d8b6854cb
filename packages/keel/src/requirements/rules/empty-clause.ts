import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';

const clauseFixes = {
  when: 'the one action the actor takes, e.g. `a member books it from 09:00 to 10:00`',
  then: 'the outcome a test checks, e.g. `the request is refused with 409 and no booking is created`',
} as const;

/** `requirements/empty-clause`: a criterion without an action or an outcome cannot become a test. */
export const emptyClause: Rule<Requirements> = {
  id: 'requirements/empty-clause',
  severity: 'error',
  summary: 'Every acceptance criterion has a non-empty `when` and `then`.',
  fix: 'Write the action under `when` and the observable outcome under `then`.',
  run: (model) => {
    const issues: Issue[] = [];
    for (const criterion of model.operations.flatMap((operation) => operation.acceptance)) {
      for (const clause of ['when', 'then'] as const) {
        if (criterion[clause].trim() !== '') continue;
        issues.push({
          message: `criterion ${criterion.id} has no \`${clause}\``,
          at: criterion.clausesAt[clause],
          fix: `Write under \`${clause}\` ${clauseFixes[clause]}.`,
        });
      }
    }
    return issues;
  },
};
