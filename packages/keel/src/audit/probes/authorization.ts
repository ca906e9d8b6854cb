import { collectionOf } from '../../tests/request-plan.ts';
import type { Operation } from '../../contract/index.ts';
import type { TestPrincipal } from '../../tests/index.ts';
import { describe, type AuditSession } from '../audit-session.ts';
import type { AuditRequest } from '../transport.ts';
import { idsOf, inProbeOrder, plannedRequest, principalOf, strongestOf, succeeded } from './probe-helpers.ts';

/**
 * API1 and API5: every operation replayed across tenants (identifiers in path, body and query), across users where
 * access.yaml has an owner condition, by every role it does not allow, anonymously, and by the other tenant's most
 * privileged role; list results searched for the other tenant's identifiers.
 */
export async function probeAuthorization(session: AuditSession): Promise<void> {
  const { world } = session;
  const operations = inProbeOrder(world.contract.operations);
  for (const operation of operations) {
    await probeFunctionLevel(session, operation);
    if (world.principals.tenants === undefined) continue;
    await probeCrossTenantObject(session, operation);
    await probeForeignReferences(session, operation);
    await probeCrossUser(session, operation);
    await probeListLeakage(session, operation);
  }
}

function objectParameters(session: AuditSession, operation: Operation): string[] {
  const tenantParameter = session.world.access?.tenancy?.parameter.value;
  return operation.parameters
    .filter((parameter) => parameter.in === 'path' && parameter.name !== tenantParameter)
    .map((parameter) => parameter.name)
    .filter((name) => {
      const collection = collectionOf(operation.path, name);
      return collection !== undefined && session.world.planner.createdIn(collection, 'a') !== undefined;
    });
}

async function probeCrossTenantObject(session: AuditSession, operation: Operation): Promise<void> {
  if (!session.wants('security/cross-tenant-object') || objectParameters(session, operation).length === 0) return;
  const attacker = strongestOf(session, operation, 'b');
  if (attacker === undefined) return;
  const { request } = plannedRequest(session, operation, { principal: attacker, pathTenant: 'b', idsFrom: 'a' });
  const response = await session.send(request, { operation, principal: attacker });
  if (succeeded(response.status)) {
    session.report({
      rule: 'security/cross-tenant-object',
      operation,
      variant: 'path',
      title: `${describe(attacker)} reached an object of tenant a by its identifier (${response.status})`,
      request,
      response,
      principal: attacker,
    });
  }
}

async function probeForeignReferences(session: AuditSession, operation: Operation): Promise<void> {
  if (
    !session.wants('security/foreign-reference-accepted') ||
    operation.method === 'get' ||
    operation.method === 'delete'
  )
    return;
  const attacker = strongestOf(session, operation, 'b');
  if (attacker === undefined) return;
  const own = plannedRequest(session, operation, { principal: attacker, pathTenant: 'b', idsFrom: 'b' }).request;
  const foreign = plannedRequest(session, operation, { principal: attacker, pathTenant: 'b', idsFrom: 'a' }).request;
  const bodyOfA = JSON.stringify(foreign.body);
  const foreignIds = [...idsOf(session, 'a')].filter((id) => bodyOfA?.includes(id));
  if (foreignIds.length === 0 || bodyOfA === JSON.stringify(own.body)) return;
  const request = { ...own, body: foreign.body };
  const response = await session.send(request, { operation, principal: attacker });
  if (succeeded(response.status)) {
    session.report({
      rule: 'security/foreign-reference-accepted',
      operation,
      variant: 'body',
      title: `${describe(attacker)} linked its object to tenant a's ${foreignIds.length === 1 ? 'object' : 'objects'} ${foreignIds.join(', ')}`,
      request,
      response,
      principal: attacker,
    });
  }
}

/** Roles access.yaml allows only on their own rows (a condition naming principal.id), tried on another user's row. */
async function probeCrossUser(session: AuditSession, operation: Operation): Promise<void> {
  if (!session.wants('security/cross-user-object') || objectParameters(session, operation).length === 0) return;
  const entry = session.world.access?.operations.find((candidate) => candidate.operationId === operation.operationId);
  if (entry === undefined) return;
  const unconditional = new Set(
    entry.allow.filter((allow) => allow.condition === undefined).map((allow) => allow.role),
  );
  for (const allowance of entry.allow) {
    if (allowance.condition === undefined || !/principal\.id/.test(allowance.condition.text)) continue;
    const principal = principalOf(session, allowance.role, 'a');
    if (principal === undefined) continue;
    if ([...session.world.planner.heldRoles(principal)].some((role) => unconditional.has(role))) continue;
    const { request } = plannedRequest(session, operation, { principal });
    const response = await session.send(request, { operation, principal });
    if (succeeded(response.status)) {
      session.report({
        rule: 'security/cross-user-object',
        operation,
        variant: allowance.role,
        title: `${describe(principal)} acted on another user's object although access.yaml allows it only when ${allowance.condition.text}`,
        request,
        response,
        principal,
      });
    }
  }
}

async function probeListLeakage(session: AuditSession, operation: Operation): Promise<void> {
  if (!session.wants('security/list-leaks-other-tenant') || operation.method !== 'get') return;
  const reader = strongestOf(session, operation, 'b');
  if (reader === undefined) return;
  const { request } = plannedRequest(session, operation, { principal: reader, pathTenant: 'b', idsFrom: 'b' });
  await expectNoLeak(session, operation, reader, request, 'list', new Set());
  // Filters naming tenant a's objects (`?resourceId=…`): the answer may echo the filter, never more of tenant a.
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
    const foreign = idsForProperty(session, parameter.name);
    if (foreign === undefined) continue;
    const [path = '', search = ''] = request.url.split('?');
    const query = new URLSearchParams(search);
    query.set(parameter.name, foreign);
    const filtered = { ...request, url: `${path}?${query.toString()}` };
    await expectNoLeak(session, operation, reader, filtered, `query ${parameter.name}`, new Set([foreign]));
  }
}

/** An identifier of tenant a for a property naming another collection's (`resourceId` → a resource of tenant a). */
function idsForProperty(session: AuditSession, property: string): string | undefined {
  const match = /^(.+?)_?[Ii]d$/.exec(property);
  if (match === null) return undefined;
  const stem = (match[1] as string).toLowerCase();
  for (const collection of [`${stem}s`, `${stem}es`, stem.endsWith('y') ? `${stem.slice(0, -1)}ies` : stem]) {
    const id = session.world.planner.createdIn(collection, 'a');
    if (id !== undefined) return id;
  }
  return undefined;
}

async function expectNoLeak(
  session: AuditSession,
  operation: Operation,
  reader: TestPrincipal,
  request: AuditRequest,
  variant: string,
  sent: ReadonlySet<string>,
): Promise<void> {
  const response = await session.send(request, { operation, principal: reader });
  if (!succeeded(response.status)) return;
  const leaked = [...idsOf(session, 'a')].filter((id) => !sent.has(id) && response.body.includes(id));
  if (leaked.length > 0) {
    session.report({
      rule: 'security/list-leaks-other-tenant',
      operation,
      variant,
      title: `${describe(reader)} was answered tenant a's identifiers: ${leaked.slice(0, 3).join(', ')}`,
      request,
      response,
      principal: reader,
    });
  }
}

async function probeFunctionLevel(session: AuditSession, operation: Operation): Promise<void> {
  const { planner } = session.world;
  if (session.wants('security/missing-credentials-accepted') && !planner.isPublic(operation.operationId)) {
    const { request } = plannedRequest(session, operation, { principal: undefined, pathTenant: 'a' });
    for (const [variant, headers] of [
      ['none', {}],
      ['malformed', { authorization: 'Bearer not-a-token' }],
    ] as const) {
      const sent = { ...request, headers };
      const response = await session.send(sent, { operation });
      if (succeeded(response.status)) {
        session.report({
          rule: 'security/missing-credentials-accepted',
          operation,
          variant,
          title: `the operation answered ${response.status} ${variant === 'none' ? 'without credentials' : 'to a malformed token'}`,
          request: sent,
          response,
        });
      }
    }
  }
  if (session.wants('security/privileged-operation-allowed')) {
    for (const principal of planner.forbiddenPrincipals(operation)) {
      const { request } = plannedRequest(session, operation, { principal });
      const response = await session.send(request, { operation, principal });
      if (succeeded(response.status)) {
        session.report({
          rule: 'security/privileged-operation-allowed',
          operation,
          variant: principal.role,
          title: `${describe(principal)} called it (${response.status}), a role access.yaml does not allow`,
          request,
          response,
          principal,
        });
      }
    }
  }
  const tenantParameter = session.world.access?.tenancy?.parameter.value;
  if (
    session.wants('security/other-tenant-admin-allowed') &&
    tenantParameter !== undefined &&
    operation.parameters.some((parameter) => parameter.in === 'path' && parameter.name === tenantParameter)
  ) {
    const outsider = strongestOf(session, operation, 'b');
    if (outsider === undefined) return;
    const { request } = plannedRequest(session, operation, { principal: outsider, pathTenant: 'a', idsFrom: 'a' });
    const response = await session.send(request, { operation, principal: outsider });
    if (succeeded(response.status)) {
      session.report({
        rule: 'security/other-tenant-admin-allowed',
        operation,
        variant: outsider.role,
        title: `${describe(outsider)} called it in tenant a (${response.status})`,
        request,
        response,
        principal: outsider,
      });
    }
  }
}
