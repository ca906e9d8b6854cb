import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { requirementsStage } from '../../requirements/index.ts';
import { closestMatches } from '../../source/index.ts';
import type { ContractModel } from '../contract-model.ts';

/** `contract/unknown-requirement`: an operation realises requirement operations that requirements.yaml defines. */
export const unknownRequirement: Rule<ContractModel> = {
  id: 'contract/unknown-requirement',
  severity: 'error',
  summary: "Every id an operation's `x-requirements` cites is a requirement operation of requirements.yaml.",
  fix: 'Cite the id of the requirement operation (`R-AREA-N`) the API operation realises, or add it to requirements.yaml.',
  run: async (model, context) => {
    const requirements = await context.model(requirementsStage);
    if (requirements === undefined) return []; // the requirements gate reports why
    const operations = new Set(requirements.operations.map((operation) => operation.id));
    const otherKinds = new Map<string, string>([
      ...requirements.actors.map((actor) => [actor.id, 'an actor'] as const),
      ...requirements.rules.map((rule) => [rule.id, 'a business rule'] as const),
      ...requirements.nonFunctional.map((target) => [target.id, 'a non-functional requirement'] as const),
      ...requirements.operations.flatMap((operation) =>
        operation.acceptance.map((criterion) => [criterion.id, 'an acceptance criterion'] as const),
      ),
    ]);
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      for (const cited of operation.requirements) {
        if (operations.has(cited.value)) continue;
        const kind = otherKinds.get(cited.value);
        const close = closestMatches(cited.value, operations);
        issues.push({
          message:
            kind === undefined
              ? `${operation.name} cites ${cited.value} in x-requirements, which ${requirements.file} does not define`
              : `${operation.name} cites ${cited.value} in x-requirements, which is ${kind}, not a requirement operation`,
          at: cited.at,
          fix:
            close.length > 0
              ? `Did you mean ${close.join(' or ')}? Otherwise add ${cited.value} to ${requirements.file} under \`operations:\`.`
              : `Cite the requirement operation ${operation.name} realises, or add ${cited.value} to ${requirements.file} under \`operations:\`.`,
        });
      }
    }
    return issues;
  },
};
