import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { requirementsStage, type Requirements } from '../../requirements/index.ts';
import { decisionName, type Architecture } from '../architecture-model.ts';

/** `architecture/unknown-requirement`: modules own requirement operations that exist; decisions cite ids that exist. */
export const unknownRequirement: Rule<Architecture> = {
  id: 'architecture/unknown-requirement',
  severity: 'error',
  summary: 'Modules and decisions cite requirement ids that exist.',
  fix: 'Correct the id to one requirements.yaml defines (`keel trace` lists them), or add the requirement first.',
  async run(model, context) {
    const requirements = await context.model(requirementsStage);
    if (requirements === undefined) return []; // the requirements gate reports its own artifact
    const kinds = requirementKinds(requirements);
    const issues: Issue[] = [];
    for (const module of model.modules) {
      for (const owned of module.owns) {
        const kind = kinds.get(owned.value);
        if (kind === 'operation') continue;
        issues.push({
          message:
            kind === undefined
              ? `module ${module.name} owns ${owned.value}, which ${requirements.file} does not define`
              : `module ${module.name} owns ${owned.value}, a ${kind}: a module owns requirement operations (R-…)`,
          at: owned.at,
        });
      }
    }
    for (const decision of model.decisions) {
      for (const cited of decision.requirements) {
        if (kinds.has(cited.value)) continue;
        issues.push({
          message: `${decisionName(decision)} addresses ${cited.value}, which ${requirements.file} does not define`,
          at: cited.at,
        });
      }
    }
    return issues;
  },
};

/** Every id requirements.yaml defines, with what it is. */
function requirementKinds(requirements: Requirements): ReadonlyMap<string, string> {
  const kinds = new Map<string, string>();
  for (const requirement of requirements.nonFunctional) kinds.set(requirement.id, 'non-functional requirement');
  for (const rule of requirements.rules) kinds.set(rule.id, 'business rule');
  for (const operation of requirements.operations) {
    for (const criterion of operation.acceptance) kinds.set(criterion.id, 'acceptance criterion');
  }
  for (const operation of requirements.operations) kinds.set(operation.id, 'operation');
  return kinds;
}
