import { architectureStage } from '../../architecture/index.ts';
import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { closestMatches } from '../../source/index.ts';
import type { ContractModel } from '../contract-model.ts';

/** `contract/operation-outside-modules`: every operation has one home in the architecture, named by its tag. */
export const operationOutsideModules: Rule<ContractModel> = {
  id: 'contract/operation-outside-modules',
  severity: 'error',
  summary: 'Every operation has exactly one tag that names a module of architecture.yaml: the module it belongs to.',
  fix: 'Tag the operation with the name of the module that implements it (`tags: [bookings]`).',
  run: async (model, context) => {
    const architecture = await context.model(architectureStage);
    if (architecture === undefined) return []; // the architecture gate reports why
    const modules = architecture.modules.map((module) => module.name);
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      const homes = operation.tags.filter((tag) => modules.includes(tag.value));
      if (homes.length === 1) continue;
      if (homes.length > 1) {
        issues.push({
          message: `${operation.name} is tagged with ${homes.length} modules (${homes.map((tag) => tag.value).join(', ')}); an operation belongs to one`,
          at: homes[1]?.at ?? operation.at,
          fix: `Keep the tag of the module that implements ${operation.name} and remove the others.`,
        });
        continue;
      }
      const close = operation.tags.flatMap((tag) => closestMatches(tag.value, modules));
      issues.push({
        message:
          operation.tags.length === 0
            ? `${operation.name} has no tag, so it belongs to no module of ${architecture.file}`
            : `${operation.name} is tagged ${operation.tags.map((tag) => tag.value).join(', ')}, which names no module of ${architecture.file}`,
        at: operation.tags[0]?.at ?? operation.at,
        fix:
          close.length > 0
            ? `Did you mean \`tags: [${close[0] ?? ''}]\`? Modules: ${modules.join(', ')}.`
            : `Tag it with the module that implements it (one of ${modules.join(', ') || 'none yet: declare modules in ' + architecture.file}), or declare a new module in ${architecture.file}.`,
      });
    }
    return issues;
  },
};
