import type { Rule } from '../../journey/stage.ts';
import { requirementsStage } from '../../requirements/index.ts';
import type { ContractModel } from '../contract-model.ts';

/** `contract/requirement-not-realised`: what requirements.yaml promises, the contract offers. */
export const requirementNotRealised: Rule<ContractModel> = {
  id: 'contract/requirement-not-realised',
  severity: 'error',
  summary:
    'Every requirement operation of requirements.yaml is cited by the `x-requirements` of at least one API operation.',
  fix: 'Add the API operation that realises it, with the requirement id in its `x-requirements`.',
  run: async (model, context) => {
    const requirements = await context.model(requirementsStage);
    if (requirements === undefined) return [];
    const realised = new Set(model.operations.flatMap((operation) => operation.requirements.map(({ value }) => value)));
    return requirements.operations
      .filter((requirement) => !realised.has(requirement.id))
      .map((requirement) => ({
        message: `requirement ${requirement.id} (${requirement.summary}) is realised by no operation of ${model.file}`,
        at: requirement.at,
        fix: `Add the operation that lets ${requirement.actor || 'its actor'} ${lowerFirst(requirement.summary)} to ${model.file}, with \`x-requirements: [${requirement.id}]\`; or, if an existing operation does it, add ${requirement.id} to its \`x-requirements\`.`,
      }));
  },
};

function lowerFirst(text: string): string {
  return (text.charAt(0).toLowerCase() + text.slice(1)).replace(/\.$/, '');
}
