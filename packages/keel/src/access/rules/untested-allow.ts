import { includedRoles } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/**
 * The matrix is fully specified: every role and operation not listed in access.test.yaml is expected to be denied, so
 * a combination access.yaml allows (even under a condition) with no test is a finding.
 */
export const untestedAllow = accessRule({
  id: 'access/untested-allow',
  severity: 'error',
  summary: 'Every role that access.yaml allows an operation (even under a condition) has a policy test of it.',
  fix: 'Add a test to access.test.yaml: `{ principal: { role: <role> }, operation: <operationId>, expect: allow }`.',
  find: (model) => {
    const tested = new Set(
      (model.tests?.tests ?? []).map((test) => `${test.principal.role.value} ${test.operation.value}`),
    );
    return model.operations.flatMap((entry) => {
      const allowed = new Set(entry.allow.map((allowance) => allowance.role));
      return model.roles
        .filter((role) => includedRoles(model, role.name).some((held) => allowed.has(held)))
        .filter((role) => !tested.has(`${role.name} ${entry.operationId}`))
        .map((role) => ({
          message: `${role.name} may call ${entry.operationId}, but ${model.tests?.file ?? 'access.test.yaml'} has no test of it`,
          at: entry.at,
        }));
    });
  },
});
