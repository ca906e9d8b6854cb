import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';

/**
 * `requirements/criterion-rule-not-obeyed`: a criterion exercises only rules its operation obeys, so that the trace
 * from a rule to its operations and to its tests tells one story.
 */
export const criterionRuleNotObeyed: Rule<Requirements> = {
  id: 'requirements/criterion-rule-not-obeyed',
  severity: 'warning',
  summary: 'A criterion exercises only rules that its operation lists under `rules:`.',
  fix: "Add the rule to the operation's `rules:`, or remove it from the criterion's.",
  run: (model) => {
    const declared = new Set(model.rules.map((rule) => rule.id));
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      for (const criterion of operation.acceptance) {
        for (const [index, rule] of criterion.rules.entries()) {
          if (!declared.has(rule) || operation.rules.includes(rule)) continue;
          issues.push({
            message: `criterion ${criterion.id} exercises ${rule}, which its operation ${operation.id} does not list under \`rules:\``,
            at: criterion.rulesAt[index] ?? criterion.at,
            fix: `Add ${rule} to \`rules:\` of ${operation.id} if the operation must obey it; otherwise remove it from ${criterion.id}.`,
          });
        }
      }
    }
    return issues;
  },
};
