import { operationScope } from '../access-facts.ts';
import { decideAccess } from '../decide-access.ts';
import { accessRule } from './access-rule.ts';

/** access.test.yaml states the decisions the team expects; each one access.yaml does not make is a finding at its line. */
export const policyTestFailed = accessRule({
  id: 'access/policy-test-failed',
  severity: 'error',
  summary: 'Every policy test of access.test.yaml gets the decision it expects from access.yaml.',
  fix: 'Correct access.yaml if the test states the intent, or the test if the policy does.',
  find: (model, facts) =>
    (model.tests?.tests ?? []).flatMap((test) => {
      const known = model.operations.some((entry) => entry.operationId === test.operation.value);
      if (!known && !facts.operations.has(test.operation.value)) {
        return [
          {
            message: `the test names ${test.operation.value}, which is neither an operation of the contract nor of access.yaml`,
            at: test.operation.at,
          },
        ];
      }
      const decision = decideAccess(
        model,
        {
          role: test.principal.role.value,
          tenant: test.principal.tenant,
          principalId: test.principal.id,
          operation: test.operation.value,
          row: test.row,
          path: test.path,
        },
        operationScope(model, facts, test.operation.value),
      );
      const got = decision.allowed ? 'allow' : 'deny';
      if (got === test.expect) return [];
      return [
        {
          message: `${test.principal.role.value} (${test.principal.tenant} tenant) calling ${test.operation.value}: expected ${test.expect}, access.yaml decides ${got}: ${decision.reason}`,
          at: test.at,
        },
      ];
    }),
});
