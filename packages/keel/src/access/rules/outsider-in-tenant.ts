import { mentionsRow } from '../condition-ast.ts';
import { findRole } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/**
 * Cross-tenant access (OWASP API1): an operation whose path names the tenant acts inside that tenant, so a role that
 * belongs to no tenant (anonymous or merely signed in) allowed it without a condition on the row reaches every
 * tenant's rows by changing the path. Row-level security may still hide the rows, but the design says otherwise.
 */
export const outsiderInTenant = accessRule({
  id: 'access/outsider-in-tenant',
  severity: 'error',
  summary:
    'An operation whose path names the tenant is allowed only to tenant roles, or to others under a condition on the row.',
  fix: 'Allow a tenant role (e.g. member) instead, or hold the role to a condition on the row, e.g. `user: row.created_by = principal.id`.',
  find: (model, facts) => {
    const parameter = model.tenancy?.parameter.value;
    if (parameter === undefined) return [];
    return model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation === undefined || !operation.pathParameters.includes(parameter)) return [];
      return entry.allow
        .filter((allowance) => {
          const kind = findRole(model, allowance.role)?.kind;
          if (kind !== 'anonymous' && kind !== 'authenticated') return false;
          if (allowance.condition === undefined) return true;
          // A condition that does not parse is reported by its own rule; one that never names the row does not count.
          return allowance.condition.ast !== undefined && !mentionsRow(allowance.condition.ast);
        })
        .map((allowance) => ({
          message: `${entry.operationId} acts in the tenant its path names ({${parameter}}), but ${allowance.role} belongs to no tenant and is allowed with no condition on the row: any such caller reaches every tenant by changing ${parameter}`,
          at: allowance.condition?.at ?? allowance.at,
        }));
    });
  },
});
