import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { decisionName, type Architecture } from '../architecture-model.ts';

/** `architecture/decision-options`: a decision weighs at least two options, each with its trade-offs. */
export const decisionOptions: Rule<Architecture> = {
  id: 'architecture/decision-options',
  severity: 'error',
  summary: 'Each decision weighs at least two options, each with its trade-offs.',
  fix: 'Under `## Options`, give each option considered a `### ` heading and write its trade-offs below it; a decision with one option was not weighed.',
  run(model) {
    const issues: Issue[] = [];
    for (const decision of model.decisions) {
      // A missing Options section is decision-sections' finding.
      const section = decision.sections.find((candidate) => candidate.heading.toLowerCase() === 'options');
      if (section === undefined) continue;
      if (decision.options.length < 2) {
        issues.push({
          message: `${decisionName(decision)} weighs ${decision.options.length === 0 ? 'no option' : `only one option (${decision.options[0]?.name ?? ''})`}: a decision compares at least two`,
          at: section.at,
        });
      }
      for (const option of decision.options) {
        if (option.hasTradeOffs) continue;
        issues.push({
          message: `option "${option.name}" of ${decisionName(decision)} has no trade-offs under its heading`,
          at: option.at,
          fix: 'Write what the option costs and what it gives, under its heading.',
        });
      }
    }
    return issues;
  },
};
