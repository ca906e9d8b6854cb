import { formatLocation, type Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { requirementsStage } from '../../requirements/index.ts';
import type { Architecture, ArchitectureModule } from '../architecture-model.ts';

/** `architecture/requirement-unowned`: every requirement operation is realised by a module. */
export const requirementUnowned: Rule<Architecture> = {
  id: 'architecture/requirement-unowned',
  severity: 'error',
  summary: 'Every requirement operation is owned by a module.',
  fix: 'Add the operation’s id to the `owns` of the module that realises it.',
  async run(model, context) {
    const requirements = await context.model(requirementsStage);
    if (requirements === undefined) return [];
    const owned = new Set(model.modules.flatMap((module) => module.owns.map((entry) => entry.value)));
    return requirements.operations
      .filter((operation) => operation.id !== '' && !owned.has(operation.id))
      .map((operation) => ({
        message: `no module owns ${operation.id}${operation.summary === '' ? '' : ` "${operation.summary}"`} (${formatLocation(operation.at)})`,
        at: model.modulesAt,
      }));
  },
};

/** `architecture/requirement-owned-twice`: no requirement operation is owned by two modules. */
export const requirementOwnedTwice: Rule<Architecture> = {
  id: 'architecture/requirement-owned-twice',
  severity: 'error',
  summary: 'No requirement operation is owned by two modules.',
  fix: 'Keep the id in the `owns` of the one module that realises the operation; the other may depend on it.',
  run(model) {
    const issues: Issue[] = [];
    const owner = new Map<string, ArchitectureModule>();
    for (const module of model.modules) {
      for (const entry of module.owns) {
        const first = owner.get(entry.value);
        if (first === undefined) owner.set(entry.value, module);
        else if (first !== module) {
          issues.push({ message: `${entry.value} is owned by both ${first.name} and ${module.name}`, at: entry.at });
        }
      }
    }
    return issues;
  },
};
