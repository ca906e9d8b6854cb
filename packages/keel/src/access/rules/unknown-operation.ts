import { closestMatches } from '../../source/index.ts';
import { accessRule } from './access-rule.ts';

/** An entry for an operation the contract does not have protects nothing, and usually hides a misspelt name. */
export const unknownOperation = accessRule({
  id: 'access/unknown-operation',
  severity: 'error',
  summary: 'Every entry of `operations:` names an operationId of the contract.',
  fix: 'Use the operationId as the contract writes it, or remove the entry.',
  find: (model, facts) => {
    if (facts.contract === undefined) return [];
    const known = [...facts.operations.keys()];
    return model.operations
      .filter((entry) => !facts.operations.has(entry.operationId))
      .map((entry) => {
        const [suggestion] = closestMatches(entry.operationId, known, 1);
        return {
          message: `${entry.operationId} is not an operation of ${facts.contract?.file ?? 'the contract'}`,
          at: entry.at,
          ...(suggestion === undefined ? {} : { fix: `Did you mean ${suggestion}?` }),
        };
      });
  },
});
