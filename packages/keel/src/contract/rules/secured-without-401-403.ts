import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';

/** `contract/secured-without-401-403`: clients of a secured operation know what a refusal looks like. */
export const securedWithout401403: Rule<ContractModel> = {
  id: 'contract/secured-without-401-403',
  severity: 'error',
  summary: 'Every secured operation declares a 401 (not authenticated) and a 403 (not allowed) response.',
  fix: 'Add the missing responses, e.g. `$ref` shared Unauthenticated and Forbidden responses.',
  run: (model) => {
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      const secured =
        operation.security.length > 0 && operation.security.every((requirement) => Object.keys(requirement).length > 0);
      if (!secured) continue;
      const declared = new Set(operation.responses.map((response) => response.status));
      const missing = ['401', '403'].filter((status) => !declared.has(status));
      if (missing.length === 0) continue;
      issues.push({
        message: `${operation.name} is secured but declares no ${missing.join(' and no ')} response`,
        at: operation.at,
        fix: `Add ${missing.map((status) => `'${status}'`).join(' and ')} under \`responses:\` of ${operation.name} (${missing
          .map((status) =>
            status === '401' ? '401: credentials missing or invalid' : '403: authenticated but not allowed',
          )
          .join('; ')}).`,
      });
    }
    return issues;
  },
};
