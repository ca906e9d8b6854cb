import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { nfrKinds, parseNfrQuantity } from '../nfr-quantity.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/nfr-not-measurable`: a target is a number with a unit its kind accepts, or no monitor can check it. */
export const nfrNotMeasurable: Rule<Requirements> = {
  id: 'requirements/nfr-not-measurable',
  severity: 'error',
  summary: 'Each non-functional measure is a number with a unit its kind accepts (docs/requirements.md lists them).',
  fix: 'Write the measure as a number and a unit, e.g. `150 ms` or `{ value: 150, unit: ms }`.',
  run: (model) => {
    const issues: Issue[] = [];
    for (const requirement of model.nonFunctional) {
      const { measures } = nfrKinds[requirement.kind];
      if (requirement.targets.length === 0) {
        issues.push({
          message: `requirement ${requirement.id} states no measure of its ${requirement.kind} (${measures.join(', ')})`,
          at: requirement.at,
          fix: `Add the target under ${measures.map((measure) => `\`${measure}\``).join(' or ')}, as a number and a unit.`,
        });
        continue;
      }
      for (const target of requirement.targets) {
        const parsed = parseNfrQuantity(target.raw, requirement.kind, target.measure);
        if ('problem' in parsed) {
          issues.push({ message: `requirement ${requirement.id}: ${parsed.problem}`, at: target.at, fix: parsed.fix });
        }
      }
    }
    return issues;
  },
};
