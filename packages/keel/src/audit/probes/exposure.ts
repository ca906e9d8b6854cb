import type { Operation } from '../../contract/index.ts';
import type { TestPrincipal } from '../../tests/index.ts';
import { describe, type AuditSession } from '../audit-session.ts';
import { plannedRequest, succeeded } from './probe-helpers.ts';

/** Names that are secret wherever they appear in a read. */
const secretName =
  /^(password|passwd|password_?hash|hash|salt|secret|client_?secret|private_?key|refresh_?token|otp|mfa_?secret)$/i;

/**
 * API3, excessive data exposure: every read as every principal of tenant a; a property access.yaml does not let the
 * principal's roles read (`fields.read`), or one whose name is a secret, is a finding.
 */
export async function probeExposure(session: AuditSession): Promise<void> {
  if (!session.wants('security/excessive-data-exposure')) return;
  const { planner } = session.world;
  for (const operation of session.world.contract.operations.filter((candidate) => candidate.method === 'get')) {
    const entry = session.world.access?.operations.find((candidate) => candidate.operationId === operation.operationId);
    for (const principal of planner.allowedPrincipals(operation, 'a')) {
      // As the runtime decides it: every allowed role the principal holds must have a read rule, else all is readable.
      const held = planner.heldRoles(principal);
      const allowed =
        entry?.allow.filter((allowance) => held.has(allowance.role)).map((allowance) => allowance.role) ?? [];
      const rules = allowed.map((role) => entry?.fields.read.find((rule) => rule.role === role));
      const readable =
        rules.length === 0 || rules.some((rule) => rule === undefined)
          ? undefined
          : new Set(rules.flatMap((rule) => rule?.properties.map((property) => property.value) ?? []));
      await readAs(session, operation, principal, readable);
    }
  }
}

async function readAs(
  session: AuditSession,
  operation: Operation,
  principal: TestPrincipal,
  readable: ReadonlySet<string> | undefined,
): Promise<void> {
  const { request } = plannedRequest(session, operation, { principal });
  const response = await session.send(request, { operation, principal });
  if (!succeeded(response.status) || !(response.headers['content-type'] ?? '').includes('json')) return;
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return;
  }
  const exposed = new Set<string>();
  for (const record of recordsOf(body)) {
    for (const name of Object.keys(record)) if (readable !== undefined && !readable.has(name)) exposed.add(name);
  }
  for (const name of namesIn(body)) if (secretName.test(name)) exposed.add(name);
  if (exposed.size === 0) return;
  session.report({
    rule: 'security/excessive-data-exposure',
    operation,
    variant: `${principal.role}: ${[...exposed].sort().join(',')}`,
    title: `${describe(principal)} was sent ${[...exposed].map((name) => `\`${name}\``).join(', ')}, which ${readable === undefined ? 'name secrets' : 'access.yaml does not let it read'}`,
    request,
    response,
    principal,
  });
}

/** The objects a read returns: the body, or the items of its top-level arrays (a page of results). */
function recordsOf(body: unknown): Record<string, unknown>[] {
  if (body === null || typeof body !== 'object') return [];
  if (Array.isArray(body))
    return body.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object');
  const record = body as Record<string, unknown>;
  const pages = Object.values(record).filter(Array.isArray);
  if (pages.length > 0)
    return pages.flatMap((page) =>
      (page as unknown[]).filter(
        (item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item),
      ),
    );
  return [record];
}

/** Every property name in a JSON value, however deep. */
function namesIn(value: unknown, depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((item) => namesIn(item, depth + 1));
  return Object.entries(value).flatMap(([name, inner]) => [name, ...namesIn(inner, depth + 1)]);
}
