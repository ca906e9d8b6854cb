import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';
import { pathParameterNames } from '../load-contract.ts';

/** `contract/identifier-without-404`: an identifier in the path can name nothing, and the contract says what then. */
export const identifierWithout404: Rule<ContractModel> = {
  id: 'contract/identifier-without-404',
  severity: 'error',
  summary: 'Every operation with an identifier in its path declares a 404 response.',
  fix: 'Add a 404 response, e.g. `$ref` a shared NotFound response.',
  run: (model) =>
    model.operations
      .filter((operation) => pathParameterNames(operation.path).length > 0)
      .filter((operation) => !operation.responses.some((response) => response.status === '404'))
      .map((operation) => ({
        message: `${operation.name} takes ${pathParameterNames(operation.path)
          .map((name) => `{${name}}`)
          .join(', ')} from the path but declares no 404 response`,
        at: operation.at,
        fix: `Add '404' under \`responses:\` of ${operation.name}: what a client gets when ${pathParameterNames(operation.path).at(-1) ?? 'the identifier'} names nothing it may see.`,
      })),
};
