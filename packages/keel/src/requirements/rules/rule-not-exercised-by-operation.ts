import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';

/**
 * `requirements/rule-not-exercised-by-operation`: an operation that must obey a rule has a criterion that exercises
 * it, since a rule proven through one operation says nothing about another.
 */
export const ruleNotExercisedByOperation: Rule<Requirements> = {
  id: 'requirements/rule-not-exercised-by-operation',
  severity: 'warning',
  summary: 'An operation that obeys a rule has a criterion that exercises it.',
  fix: 'Add a criterion to the operation that shows the rule holding, with the rule under its `rules:`.',
  run: (model) => {
    const declared = new Set(model.rules.map((rule) => rule.id));
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      const exercised = new Set(operation.acceptance.flatMap((criterion) => criterion.rules));
      for (const [index, rule] of operation.rules.entries()) {
        if (!declared.has(rule) || exercised.has(rule)) continue;
        issues.push({
          message: `operation ${operation.id} obeys ${rule}, but none of its criteria exercises it`,
          at: operation.rulesAt[index] ?? operation.at,
          fix: `Add a criterion to ${operation.id} that shows ${rule} holding (e.g. the request it refuses), with \`rules: [${rule}]\`.`,
        });
      }
    }
    return issues;
  },
};
