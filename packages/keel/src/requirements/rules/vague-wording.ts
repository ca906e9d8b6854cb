import type { Issue, Location } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';
import { findVagueWords } from './vague-words.ts';

/** `requirements/vague-wording`: criteria and rules say what a test can check, not "fast" or "as needed". */
export const vagueWording: Rule<Requirements> = {
  id: 'requirements/vague-wording',
  severity: 'error',
  summary: 'Criteria and rules avoid words no test can check (fast, user-friendly, etc., TBD, as needed, …).',
  fix: 'Replace the word with what a test can observe: a number, a status, a state.',
  run: (model) => {
    const issues: Issue[] = [];
    const check = (text: string, subject: string, at: Location): void => {
      for (const vague of findVagueWords(text)) {
        issues.push({ message: `${subject} says "${vague.word}", which no test can check`, at, fix: vague.fix });
      }
    };
    for (const operation of model.operations) {
      for (const criterion of operation.acceptance) {
        for (const clause of ['given', 'when', 'then'] as const) {
          check(criterion[clause], `\`${clause}\` of criterion ${criterion.id}`, criterion.clausesAt[clause]);
        }
      }
    }
    for (const rule of model.rules) check(rule.statement, `rule ${rule.id}`, rule.statementAt);
    return issues;
  },
};
