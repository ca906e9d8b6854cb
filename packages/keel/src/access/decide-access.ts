import type { AccessModel } from './access-model.ts';
import { evaluateCondition } from './evaluate-condition.ts';
import { findRole, includedRoles } from './role-graph.ts';

/** A request as a policy test states it. */
export interface AccessRequest {
  readonly role: string;
  /** Whether the principal belongs to the request's tenant. */
  readonly tenant: 'same' | 'other';
  readonly principalId?: string | undefined;
  readonly operation: string;
  readonly row?: Readonly<Record<string, unknown>> | undefined;
  readonly path?: Readonly<Record<string, string>> | undefined;
}

/** What the decision needs to know of the operation: its table's tenant column, and whether its path names a tenant. */
export interface OperationScope {
  /** The tenant column of the operation's table; undefined when the table holds no tenant rows. */
  readonly tenantColumn: string | undefined;
  readonly tenantInPath: boolean;
}

export interface AccessDecision {
  readonly allowed: boolean;
  /** Why, in one sentence a finding can quote. */
  readonly reason: string;
}

/** The request's tenant, and another one, as the values a test's principal and row compare. */
export const requestTenant = 'tenant-1';
const otherTenant = 'tenant-2';

/**
 * Decides a request from access.yaml alone, as the runtime and the row-level security together would: deny by
 * default; the principal's role, or a role it includes, must be allowed; a tenant role must belong to the request's
 * tenant and, on a tenant table, the row must be the tenant's; a condition must hold on the row (a missing value is
 * unknown, which denies).
 *
 * @example
 * decideAccess(model, { role: 'member', tenant: 'same', operation: 'getBooking' }, { tenantColumn: 'org_id', tenantInPath: true });
 */
export function decideAccess(model: AccessModel, request: AccessRequest, scope: OperationScope): AccessDecision {
  const entry = model.operations.find((operation) => operation.operationId === request.operation);
  if (entry === undefined) return { allowed: false, reason: `${request.operation} has no entry: denied by default` };
  const role = findRole(model, request.role);
  if (role === undefined) return { allowed: false, reason: `${request.role} is not a role of access.yaml` };
  const held = new Set(includedRoles(model, role.name));
  const allowances = entry.allow.filter((allowance) => held.has(allowance.role));
  if (allowances.length === 0) return { allowed: false, reason: `${role.name} is not allowed ${request.operation}` };
  const tenantScoped = role.kind === 'tenant' && (scope.tenantInPath || scope.tenantColumn !== undefined);
  if (tenantScoped && request.tenant === 'other') {
    return { allowed: false, reason: `${role.name} of another tenant is not in the request's tenant (404)` };
  }
  const principal = {
    id: request.principalId ?? 'principal-1',
    tenant: role.kind === 'tenant' ? (request.tenant === 'same' ? requestTenant : otherTenant) : undefined,
  };
  const tenantParameter = model.tenancy?.parameter.value;
  const path = { ...(tenantParameter === undefined ? {} : { [tenantParameter]: requestTenant }), ...request.path };
  const row = { ...(scope.tenantColumn === undefined ? {} : { [scope.tenantColumn]: requestTenant }), ...request.row };
  if (tenantScoped && scope.tenantColumn !== undefined && String(row[scope.tenantColumn]) !== principal.tenant) {
    return { allowed: false, reason: `the row belongs to another tenant than ${role.name}'s` };
  }
  const unmet: string[] = [];
  for (const allowance of allowances) {
    if (allowance.condition === undefined) return { allowed: true, reason: `${allowance.role} is allowed` };
    const { ast, text } = allowance.condition;
    if (ast !== undefined && evaluateCondition(ast, { row, principal, path }) === true) {
      return { allowed: true, reason: `${allowance.role} is allowed where ${text}` };
    }
    unmet.push(text);
  }
  return { allowed: false, reason: `the row does not meet ${unmet.map((text) => `\`${text}\``).join(' nor ')}` };
}
