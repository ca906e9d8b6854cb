import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { decisionName, type Architecture } from '../architecture-model.ts';

/** The `##` sections every decision record has, in the order they are written. */
export const decisionSectionNames = ['Context', 'Options', 'Decision', 'Consequences'] as const;

/** `architecture/decision-sections`: each record has the four sections, none empty. */
export const decisionSections: Rule<Architecture> = {
  id: 'architecture/decision-sections',
  severity: 'error',
  summary: 'Each decision has the sections Context, Options, Decision and Consequences, none empty.',
  fix: 'Add the missing `## ` section and write it: Context (why now), Options (each weighed), Decision (what and why), Consequences (what follows, good and bad).',
  run(model) {
    const issues: Issue[] = [];
    for (const decision of model.decisions) {
      for (const name of decisionSectionNames) {
        const section = decision.sections.find((candidate) => candidate.heading.toLowerCase() === name.toLowerCase());
        if (section === undefined) {
          issues.push({ message: `${decisionName(decision)} has no \`## ${name}\` section`, at: decision.at });
        } else if (!section.hasContent) {
          issues.push({
            message: `the ${name} section of ${decisionName(decision)} is empty`,
            at: section.at,
            fix: `Write the ${name} section: a template's comment does not count.`,
          });
        }
      }
    }
    return issues;
  },
};
