import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';

/** `contract/operation-without-requirements`: no operation exists without a requirement that asks for it. */
export const operationWithoutRequirements: Rule<ContractModel> = {
  id: 'contract/operation-without-requirements',
  severity: 'error',
  summary: 'Every operation lists the requirement operations it realises in `x-requirements`.',
  fix: 'Add `x-requirements: [R-AREA-N]` to the operation, naming the requirement operations it realises.',
  run: (model) =>
    model.operations
      .filter((operation) => operation.requirements.length === 0)
      .map((operation) => ({
        message: `${operation.name}${operation.operationId === '' ? '' : ` (${operation.operationId})`} has no x-requirements: nothing says which requirement it realises`,
        at: operation.at,
        fix: `Add \`x-requirements: [R-…]\` under \`${operation.method}:\` with the ids of the requirement operations it realises; if none asks for it, write the requirement first or remove the operation.`,
      })),
};
