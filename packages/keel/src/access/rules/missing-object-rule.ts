import { tenantColumnOf } from '../access-facts.ts';
import { mentionsRow } from '../condition-ast.ts';
import { findRole } from '../role-graph.ts';
import { accessRule } from './access-rule.ts';

/**
 * Broken object-level authorisation (OWASP API1): an identifier from the request reaches a row, so every role allowed
 * needs a condition on that row. A tenant role's implied tenant condition counts on a tenant table; a condition that
 * never names `row.` does not count.
 */
export const missingObjectRule = accessRule({
  id: 'access/missing-object-rule',
  severity: 'error',
  summary: 'Every role allowed an operation whose input identifies a row is held to a condition on that row.',
  fix: 'Give the role a condition on the row, e.g. `member: row.created_by = principal.id`, or use a tenant role on a tenant table.',
  find: (model, facts) =>
    model.operations.flatMap((entry) => {
      const operation = facts.operations.get(entry.operationId);
      if (operation === undefined) return [];
      const identifiers = [
        ...operation.pathParameters
          .filter((name) => name !== model.tenancy?.parameter.value)
          .map((name) => `path parameter ${name}`),
        ...(operation.bodyProperties.includes('id') ? ['body property id'] : []),
      ];
      if (identifiers.length === 0) return [];
      const tenantTable = tenantColumnOf(operation.table, facts, model.tenancy) !== undefined;
      return entry.allow
        .filter((allowance) => {
          if (allowance.condition?.ast !== undefined && mentionsRow(allowance.condition.ast)) return false;
          if (allowance.condition !== undefined && allowance.condition.ast === undefined) return false; // syntax, reported
          return !(findRole(model, allowance.role)?.kind === 'tenant' && tenantTable);
        })
        .map((allowance) => ({
          message: `${entry.operationId} takes ${identifiers.join(' and ')}, but ${allowance.role} is allowed with no condition on the row${operation.table === undefined ? ' (and its rows have no table: x-keel-table)' : tenantTable ? '' : ` (${operation.table} is not a tenant table)`}`,
          at: allowance.condition?.at ?? allowance.at,
        }));
    }),
});
