import { formatLocation, type Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { AcceptanceCriterion, Requirements } from '../requirements-model.ts';

/** `requirements/duplicate-criterion`: two criteria that say the same thing prove it once and mislead the count. */
export const duplicateCriterion: Rule<Requirements> = {
  id: 'requirements/duplicate-criterion',
  severity: 'error',
  summary: 'No two acceptance criteria say the same given/when/then.',
  fix: 'Remove the copy, or change it to prove a different case.',
  run: (model) => {
    const seen = new Map<string, AcceptanceCriterion>();
    const issues: Issue[] = [];
    for (const criterion of model.operations.flatMap((operation) => operation.acceptance)) {
      if (criterion.when.trim() === '' || criterion.then.trim() === '') continue; // empty-clause reports those
      const key = [criterion.given, criterion.when, criterion.then].map(normalise).join('\u0000');
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, criterion);
        continue;
      }
      issues.push({
        message: `criterion ${criterion.id} says the same given/when/then as ${earlier.id} (${formatLocation(earlier.at)})`,
        at: criterion.at,
        fix: `Remove ${criterion.id}, or change it to prove a case ${earlier.id} does not.`,
      });
    }
    return issues;
  },
};

/** Case, spacing and a closing full stop do not make two clauses different. */
function normalise(clause: string): string {
  return clause.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.;]$/, '');
}
