import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/rule-not-covered`: a business rule no criterion exercises is a rule no test will hold the code to. */
export const ruleNotCovered: Rule<Requirements> = {
  id: 'requirements/rule-not-covered',
  severity: 'error',
  summary: 'Every business rule is exercised by at least one acceptance criterion (its `rules:`).',
  fix: 'Add a criterion that shows the rule holding, and list the rule under its `rules:`.',
  run: (model) => {
    const exercised = new Set(
      model.operations.flatMap((operation) => operation.acceptance.flatMap((criterion) => criterion.rules)),
    );
    return model.rules
      .filter((rule) => !exercised.has(rule.id))
      .map((rule) => {
        const obeying = model.operations.filter((operation) => operation.rules.includes(rule.id));
        return {
          message: `rule ${rule.id} is exercised by no acceptance criterion`,
          at: rule.at,
          fix:
            obeying.length === 0
              ? `List ${rule.id} under \`rules:\` of the operations that must obey it, and add a criterion to one of them that shows it holding, with \`rules: [${rule.id}]\`.`
              : `Add a criterion to ${obeying.map((operation) => operation.id).join(' or ')} (which obey it) that shows ${rule.id} holding, with \`rules: [${rule.id}]\`.`,
        };
      });
  },
};
