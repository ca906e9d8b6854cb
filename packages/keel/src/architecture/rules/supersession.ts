import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { decisionName, keyAt, type Architecture, type Decision } from '../architecture-model.ts';
import { findCycles, formatCycle } from '../find-cycles.ts';

/** A decision whose replacements are in force: accepted, or itself replaced since. */
function inForce(decision: Decision): boolean {
  return decision.status === 'accepted' || decision.status === 'superseded';
}

/**
 * `architecture/supersession`: the decisions a decision supersedes exist and, once it is accepted, are marked
 * superseded; a decision marked superseded is superseded by one; supersession never loops.
 */
export const supersession: Rule<Architecture> = {
  id: 'architecture/supersession',
  severity: 'error',
  summary: 'Supersession is consistent: targets exist, are marked superseded, and no chain loops.',
  fix: 'When an accepted decision replaces another, list the old id in its `supersedes` and set the old one’s `status: superseded`.',
  run(model) {
    const issues: Issue[] = [];
    const byId = new Map<string, Decision>();
    for (const decision of model.decisions)
      if (decision.id !== '' && !byId.has(decision.id)) byId.set(decision.id, decision);
    const replacedBy = new Map<string, Decision>();
    for (const decision of model.decisions) {
      for (const target of decision.supersedes) {
        const replaced = byId.get(target.value);
        if (replaced === undefined) {
          issues.push({
            message: `${decisionName(decision)} supersedes ${target.value}, which no decision record defines`,
            at: target.at,
            fix: `Correct the id, or remove ${target.value} from \`supersedes\`.`,
          });
          continue;
        }
        if (replaced === decision || !inForce(decision)) continue;
        replacedBy.set(replaced.id, decision);
        if (replaced.status !== 'superseded') {
          issues.push({
            message: `${decisionName(decision)} supersedes ${replaced.id}, whose status is ${replaced.status ?? 'not given'}, not superseded`,
            at: keyAt(replaced, 'status'),
            fix: `Set \`status: superseded\` in ${replaced.file}.`,
          });
        }
      }
    }
    for (const decision of model.decisions) {
      if (decision.status !== 'superseded' || decision.id === '' || replacedBy.has(decision.id)) continue;
      issues.push({
        message: `${decision.id} is marked superseded, but no accepted decision supersedes it`,
        at: keyAt(decision, 'status'),
        fix: `List ${decision.id} in the \`supersedes\` of the decision that replaces it, or restore its status.`,
      });
    }
    const ids = [...byId.keys()].sort();
    const cycles = findCycles(ids, (id) => byId.get(id)?.supersedes.map((target) => target.value) ?? []);
    for (const cycle of cycles) {
      const [first = '', second = first] = cycle;
      const link = byId.get(first)?.supersedes.find((target) => target.value === second);
      issues.push({
        message: `supersession loops: ${formatCycle(cycle)}`,
        at: link?.at ?? byId.get(first)?.at ?? { file: model.decisionsDir },
        fix: 'A decision supersedes only older ones: remove the link that points back.',
      });
    }
    return issues;
  },
};
