import type { Issue, Location } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { closestMatches } from '../../source/index.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/unknown-reference`: every rule and operation id the file cites is defined in it. */
export const unknownReference: Rule<Requirements> = {
  id: 'requirements/unknown-reference',
  severity: 'error',
  summary: 'Every rule id and operation id cited is defined in the file.',
  fix: 'Correct the id, or define what it refers to.',
  run: (model) => {
    const rules = model.rules.map((rule) => rule.id);
    const operations = model.operations.map((operation) => operation.id);
    const issues: Issue[] = [];
    const check = (cited: string, known: readonly string[], what: string, subject: string, at: Location): void => {
      if (known.includes(cited)) return;
      const suggestions = closestMatches(cited, known);
      issues.push({
        message: `${subject} cites ${cited}, which is not a declared ${what}`,
        at,
        fix:
          suggestions.length === 0
            ? `Declare ${cited} under \`${what === 'rule' ? 'rules' : 'operations'}:\`, or correct the id.`
            : `Did you mean ${suggestions.join(' or ')}? Otherwise declare ${cited}.`,
      });
    };
    for (const operation of model.operations) {
      for (const [index, rule] of operation.rules.entries()) {
        check(rule, rules, 'rule', `operation ${operation.id}`, operation.rulesAt[index] ?? operation.at);
      }
      for (const criterion of operation.acceptance) {
        for (const [index, rule] of criterion.rules.entries()) {
          check(rule, rules, 'rule', `criterion ${criterion.id}`, criterion.rulesAt[index] ?? criterion.at);
        }
      }
    }
    for (const requirement of model.nonFunctional) {
      if (requirement.operation === undefined) continue;
      const at = requirement.operationAt ?? requirement.at;
      check(requirement.operation, operations, 'operation', `requirement ${requirement.id}`, at);
    }
    return issues;
  },
};
