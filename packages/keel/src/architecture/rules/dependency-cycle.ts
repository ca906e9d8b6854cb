import type { Rule } from '../../journey/stage.ts';
import type { Architecture } from '../architecture-model.ts';
import { findCycles, formatCycle } from '../find-cycles.ts';

/** `architecture/dependency-cycle`: the declared module dependencies have no cycle; each cycle is reported once. */
export const dependencyCycle: Rule<Architecture> = {
  id: 'architecture/dependency-cycle',
  severity: 'error',
  summary: 'Declared module dependencies have no cycle.',
  fix: 'Break the cycle: move what both sides need into a module both may depend on, or invert one dependency (the lower module defines an interface the higher one implements).',
  run(model) {
    const byName = new Map(model.modules.map((module) => [module.name, module]));
    const names = [...byName.keys()].sort();
    const cycles = findCycles(names, (name) => byName.get(name)?.dependsOn.map((entry) => entry.value) ?? []);
    return cycles.map((cycle) => {
      const [first = '', second = first] = cycle;
      const module = byName.get(first);
      const link = module?.dependsOn.find((entry) => entry.value === second);
      return {
        message:
          cycle.length === 1
            ? `module ${first} depends on itself`
            : `modules depend on each other: ${formatCycle(cycle)}`,
        at: link?.at ?? module?.at ?? model.modulesAt,
      };
    });
  },
};
