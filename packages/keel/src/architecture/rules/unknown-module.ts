import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Architecture } from '../architecture-model.ts';

/** `architecture/unknown-module`: `dependsOn` names declared modules; flows name modules or external systems. */
export const unknownModule: Rule<Architecture> = {
  id: 'architecture/unknown-module',
  severity: 'error',
  summary: '`dependsOn` and flows name declared modules or external systems.',
  fix: 'Correct the name, or declare the module under `modules` (or the system under `externalSystems`).',
  run(model) {
    const modules = new Set(model.modules.map((module) => module.name));
    const systems = new Set(model.externalSystems.map((system) => system.name));
    const issues: Issue[] = [];
    for (const module of model.modules) {
      for (const dependency of module.dependsOn) {
        if (modules.has(dependency.value)) continue;
        issues.push(
          systems.has(dependency.value)
            ? {
                message: `module ${module.name} depends on ${dependency.value}, an external system: dependsOn names modules whose code it may import`,
                at: dependency.at,
                fix: `Remove ${dependency.value} from dependsOn and draw the exchange as a flow from ${module.name} to ${dependency.value}.`,
              }
            : {
                message: `module ${module.name} depends on ${dependency.value}, which is not a declared module`,
                at: dependency.at,
              },
        );
      }
    }
    for (const flow of model.flows) {
      for (const end of [flow.from, flow.to]) {
        if (modules.has(end.value) || systems.has(end.value)) continue;
        issues.push({
          message: `the flow of ${flow.data || 'data'} from ${flow.from.value} to ${flow.to.value} names ${end.value}, which is neither a module nor an external system`,
          at: end.at,
        });
      }
    }
    return issues;
  },
};
