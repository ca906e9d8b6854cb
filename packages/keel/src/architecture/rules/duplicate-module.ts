import { formatLocation, type Issue, type Location } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Architecture } from '../architecture-model.ts';

/** `architecture/duplicate-module`: every module and external system has a name of its own. */
export const duplicateModule: Rule<Architecture> = {
  id: 'architecture/duplicate-module',
  severity: 'error',
  summary: 'No two modules or external systems share a name.',
  fix: 'Rename one of them, or merge the two entries into one.',
  run(model) {
    const issues: Issue[] = [];
    const first = new Map<string, { kind: string; at: Location }>();
    const named = [
      ...model.modules.map((module) => ({ kind: 'module', name: module.name, at: module.at })),
      ...model.externalSystems.map((system) => ({ kind: 'external system', name: system.name, at: system.at })),
    ];
    for (const { kind, name, at } of named) {
      const earlier = first.get(name);
      if (earlier === undefined) {
        first.set(name, { kind, at });
        continue;
      }
      issues.push({
        message: `${kind} ${name} has the name of the ${earlier.kind} declared at ${formatLocation(earlier.at)}`,
        at,
      });
    }
    return issues;
  },
};
