import type { Operation } from '../../contract/index.ts';
import { planRequest, sampleInputs, type PlanOptions } from '../../tests/request-plan.ts';
import type { TestPrincipal } from '../../tests/index.ts';
import type { AuditSession } from '../audit-session.ts';
import type { AuditRequest } from '../transport.ts';

export const succeeded = (status: number): boolean => status >= 200 && status < 300;

const methodOrder: Readonly<Record<string, number>> = { get: 0, post: 1, put: 2, patch: 3, delete: 4 };

/** Reads first, then writes, deletes last: a probe that succeeds where it should not destroys as little as it can. */
export function inProbeOrder(operations: readonly Operation[]): Operation[] {
  return [...operations].sort((a, b) => (methodOrder[a.method] ?? 5) - (methodOrder[b.method] ?? 5));
}

/** A valid request for the operation as the planner builds it (tenant, identifiers), without the credentials. */
export function plannedRequest(
  session: AuditSession,
  operation: Operation,
  options: PlanOptions,
): { request: AuditRequest; principal: TestPrincipal | undefined } {
  const [sample] = sampleInputs(operation, session.world.planner.seed, 1);
  const planned = planRequest(session.world.planner, operation, sample ?? { params: {}, body: undefined }, options);
  return {
    request: {
      method: planned.method,
      url: planned.url,
      ...(planned.body === undefined ? {} : { body: planned.body }),
    },
    principal: options.principal,
  };
}

/** Identifiers of every object created in a tenant, long enough not to match by accident. */
export function idsOf(session: AuditSession, label: 'a' | 'b'): Set<string> {
  const ids = new Set<string>();
  for (const [key, values] of session.world.planner.created) {
    if (!key.endsWith(`\u0000${label}`)) continue;
    for (const id of values) if (id.length >= 8) ids.add(id);
  }
  const tenant = session.world.principals.tenants?.[label];
  if (tenant !== undefined && tenant.length >= 8) ids.add(tenant);
  return ids;
}

/** The tenant's principal with the given role, when one was provisioned. */
export function principalOf(session: AuditSession, role: string, label: 'a' | 'b'): TestPrincipal | undefined {
  return session.world.principals.principals.find(
    (principal) => principal.role === role && principal.tenantLabel === label,
  );
}

/** The tenant's most privileged principal the operation allows (the tests stage's ordering), of that tenant only. */
export function strongestOf(session: AuditSession, operation: Operation, label: 'a' | 'b'): TestPrincipal | undefined {
  const [principal] = session.world.planner.allowedPrincipals(operation, label);
  return principal?.tenantLabel === label ? principal : undefined;
}

/** Top-level string properties of a JSON object schema, with their schemas. */
export function stringProperties(schema: unknown): { name: string; schema: Record<string, unknown> }[] {
  const properties = (schema as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties ?? {};
  return Object.entries(properties)
    .filter(([, property]) => {
      const type = property['type'];
      return type === 'string' || (Array.isArray(type) && type.includes('string'));
    })
    .filter(([, property]) => property['enum'] === undefined && property['format'] !== 'uuid')
    .map(([name, property]) => ({ name, schema: property }));
}
