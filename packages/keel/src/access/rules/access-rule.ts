import type { Issue, Severity } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { accessFacts, type AccessFacts } from '../access-facts.ts';
import type { AccessModel } from '../access-model.ts';

/**
 * A rule of the design review: it reads access.yaml next to the contract, the tables and the requirements, gathered
 * once per run.
 *
 * @example
 * export const publicWrite = accessRule({ id: 'access/public-write', severity: 'error', summary, fix, find });
 */
export function accessRule(definition: {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly fix: string;
  find(model: AccessModel, facts: AccessFacts): readonly Issue[];
}): Rule<AccessModel> {
  return {
    id: definition.id,
    severity: definition.severity,
    summary: definition.summary,
    fix: definition.fix,
    async run(model, context) {
      return definition.find(model, await accessFacts(model, context));
    },
  };
}
