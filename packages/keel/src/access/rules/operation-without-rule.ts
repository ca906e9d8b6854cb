import { accessRule } from './access-rule.ts';

/** Deny by default is a decision, not an accident: every operation of the contract has an entry. */
export const operationWithoutRule = accessRule({
  id: 'access/operation-without-rule',
  severity: 'error',
  summary: 'Every operation of the contract has an entry in access.yaml.',
  fix: 'Add the operation under `operations:` with the roles it allows, e.g. `getBooking: { allow: [member] }`.',
  find: (model, facts) => {
    const covered = new Set(model.operations.map((entry) => entry.operationId));
    return [...facts.operations.values()]
      .filter(({ operation }) => !covered.has(operation.operationId))
      .map(({ operation }) => ({
        message: `${operation.operationId} (${operation.name}) has no entry in ${model.file}: it is denied to everyone`,
        at: operation.at,
        fix: `Add \`${operation.operationId}: { allow: [<role>…] }\` under \`operations:\` in ${model.file}.`,
      }));
  },
});
