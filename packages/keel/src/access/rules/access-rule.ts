import type { Issue } from '../../journey/finding.ts';
import { derivedRule, type Rule, type RuleHead } from '../../journey/stage.ts';
import { accessFacts, type AccessFacts } from '../access-facts.ts';
import type { AccessModel } from '../access-model.ts';

/**
 * A rule of the design review: it reads access.yaml next to the contract, the tables and the requirements, gathered
 * once per run.
 *
 * @example
 * export const publicWrite = accessRule({ id: 'access/public-write', severity: 'error', summary, fix, find });
 */
export function accessRule(
  definition: RuleHead & { find(model: AccessModel, facts: AccessFacts): readonly Issue[] },
): Rule<AccessModel> {
  return derivedRule(definition, accessFacts, (facts, model) => definition.find(model, facts));
}
