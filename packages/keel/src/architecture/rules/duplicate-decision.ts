import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { keyAt, type Architecture, type Decision } from '../architecture-model.ts';

/** `architecture/duplicate-decision`: no two records share an id. */
export const duplicateDecision: Rule<Architecture> = {
  id: 'architecture/duplicate-decision',
  severity: 'error',
  summary: 'No two decision records share an id.',
  fix: 'Give the later record the next free number, in its id and its file name; ids are never reused.',
  run(model) {
    const issues: Issue[] = [];
    const first = new Map<string, Decision>();
    for (const decision of model.decisions) {
      if (decision.id === '') continue;
      const earlier = first.get(decision.id);
      if (earlier === undefined) {
        first.set(decision.id, decision);
        continue;
      }
      issues.push({
        message: `${decision.id} is the id of both ${earlier.file} and ${decision.file}`,
        at: keyAt(decision, 'id'),
      });
    }
    return issues;
  },
};
