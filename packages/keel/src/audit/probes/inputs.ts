import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Operation } from '../../contract/index.ts';
import { jsonBodySchema } from '../../tests/request-plan.ts';
import type { TestPrincipal } from '../../tests/index.ts';
import type { AuditSession } from '../audit-session.ts';
import type { AuditRequest } from '../transport.ts';
import { plannedRequest, strongestOf, stringProperties, succeeded } from './probe-helpers.ts';

/** Names of fields a client must never set for itself. */
const privilegedName =
  /^(id|role|roles|is_?admin|admin|is_?staff|permissions?|tenant_?id|org_?id|organi[sz]ation_?id|owner_?id|user_?id|created_?by|created_?at|updated_?at|deleted_?at|verified|email_?verified|balance|price|status)$/i;
const pageSizeName = /^(limit|page_?size|per_?page|size|first|last|count|max_?results|top)$/i;
const urlName = /(url|uri|href|link|webhook|callback|endpoint|avatar|image|redirect)$/i;

const injections: readonly { readonly kind: string; readonly payload: string; readonly evaluated?: string }[] = [
  { kind: 'SQL quote', payload: "x' OR '1'='1" },
  { kind: 'SQL comment', payload: "x'); -- " },
  { kind: 'SQL delay', payload: "x'||(select pg_sleep(3))||'" },
  { kind: 'command', payload: 'x; cat /etc/passwd | sleep 3' },
  { kind: 'template', payload: 'x{{1337*1337}}${1337*1337}<%= 1337*1337 %>', evaluated: '1787569' },
  { kind: 'path traversal', payload: '../../../../../../etc/passwd' },
];

const delayMs = 2500;

/** API3, API4, API7 and injection: hostile values in every input an operation takes. */
export async function probeInputs(session: AuditSession): Promise<void> {
  const canary = session.wants('security/ssrf-outbound-call') ? await startCanary() : undefined;
  try {
    for (const operation of session.world.contract.operations) {
      if (operation.method === 'delete') continue;
      const principal = strongestOf(session, operation, 'a') ?? session.world.planner.allowedPrincipals(operation)[0];
      if (principal === undefined && !session.world.planner.isPublic(operation.operationId)) continue;
      const base = plannedRequest(session, operation, { principal }).request;
      const baseline = await session.send(base, { operation, principal });
      await probeMassAssignment(session, operation, principal, base);
      await probeSizes(session, operation, principal, base);
      await probeInjection(session, operation, principal, base, baseline.ms);
      await probeSsrf(session, operation, principal, base, canary);
    }
    await probeBurst(session);
  } finally {
    await canary?.close();
  }
}

const withBody = (request: AuditRequest, change: Record<string, unknown>): AuditRequest => ({
  ...request,
  body: { ...(request.body as Record<string, unknown>), ...change },
});

function isObjectBody(request: AuditRequest): boolean {
  return request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body);
}

async function probeMassAssignment(
  session: AuditSession,
  operation: Operation,
  principal: TestPrincipal | undefined,
  base: AuditRequest,
) {
  if (!session.wants('security/mass-assignment') || !isObjectBody(base)) return;
  const schema = jsonBodySchema(operation) as { properties?: Record<string, unknown> } | undefined;
  const responseSchema = successSchema(operation);
  const names = new Set([...Object.keys(schema?.properties ?? {}), ...Object.keys(responseSchema?.properties ?? {})]);
  const candidates = [...names].filter((name) => privilegedName.test(name));
  const tenants = session.world.principals.tenants;
  for (const name of candidates) {
    const planted = plantedValue(name, tenants?.b);
    const request = withBody(base, { [name]: planted });
    const response = await session.send(request, { operation, principal });
    if (!succeeded(response.status)) continue;
    let stored: unknown;
    try {
      stored = (JSON.parse(response.body) as Record<string, unknown>)[name];
    } catch {
      continue;
    }
    if (stored !== undefined && JSON.stringify(stored) === JSON.stringify(planted)) {
      session.report({
        rule: 'security/mass-assignment',
        operation,
        variant: name,
        title: `the client set \`${name}\` to ${JSON.stringify(planted)} and it was stored`,
        request,
        response,
        principal,
      });
    }
  }
}

function plantedValue(name: string, otherTenant: string | undefined): unknown {
  if (/admin|staff|verified/i.test(name)) return true;
  if (/^roles?$|permission/i.test(name)) return /s$/.test(name) ? ['owner', 'admin'] : 'owner';
  if (/tenant|org/i.test(name) && otherTenant !== undefined) return otherTenant;
  if (/_?at$/i.test(name)) return '2001-01-01T00:00:00.000Z';
  if (/balance|price/i.test(name)) return 0;
  if (/status/i.test(name)) return 'approved';
  return '0badc0de-0000-4000-8000-00000000a11c';
}

function successSchema(operation: Operation): { properties?: Record<string, unknown> } | undefined {
  for (const [status, spec] of Object.entries(operation.responses)) {
    if (!status.startsWith('2')) continue;
    const content = (spec as { content?: Record<string, unknown> }).content ?? {};
    const json = Object.entries(content).find(([type]) => type.includes('json'));
    if (json !== undefined) return json[1] as { properties?: Record<string, unknown> };
  }
  return undefined;
}

async function probeSizes(
  session: AuditSession,
  operation: Operation,
  principal: TestPrincipal | undefined,
  base: AuditRequest,
) {
  if (session.wants('security/oversized-input-accepted') && isObjectBody(base)) {
    for (const { name, schema } of stringProperties(jsonBodySchema(operation))) {
      if (typeof schema['maxLength'] === 'number' && schema['maxLength'] <= 100_000) {
        const request = withBody(base, { [name]: 'A'.repeat(Math.max(200_000, schema['maxLength'] * 4)) });
        const response = await session.send(request, { operation, principal });
        if (succeeded(response.status))
          session.report({
            rule: 'security/oversized-input-accepted',
            operation,
            variant: name,
            title: `a 200 kB \`${name}\` was accepted despite maxLength ${schema['maxLength']}`,
            request,
            response,
            principal,
          });
      } else {
        const request = withBody(base, { [name]: 'A'.repeat(200_000) });
        const response = await session.send(request, { operation, principal });
        if (succeeded(response.status))
          session.report({
            rule: 'security/oversized-input-accepted',
            operation,
            variant: name,
            title: `a 200 kB \`${name}\` was accepted: the contract gives it no maxLength`,
            request,
            response,
            principal,
          });
      }
    }
  }
  if (session.wants('security/oversized-body-accepted') && jsonBodySchema(operation) !== undefined) {
    const huge = {
      ...base,
      rawBody: JSON.stringify({
        ...(isObjectBody(base) ? (base.body as object) : {}),
        padding: 'A'.repeat(6 * 1024 * 1024),
      }),
      headers: { 'content-type': 'application/json' },
    };
    const response = await session.send(huge, { operation, principal });
    if (
      succeeded(response.status) ||
      (response.status !== 413 && response.status !== 400 && response.status < 500 && response.status !== 0)
    )
      session.report({
        rule: 'security/oversized-body-accepted',
        operation,
        variant: 'size',
        title: `a 6 MB body got ${response.status}, not 413`,
        request: huge,
        response,
        principal,
      });
    const deep = {
      ...base,
      rawBody: `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      headers: { 'content-type': 'application/json' },
    };
    const deepResponse = await session.send(deep, { operation, principal });
    if (succeeded(deepResponse.status))
      session.report({
        rule: 'security/oversized-body-accepted',
        operation,
        variant: 'depth',
        title: `JSON nested 20,000 deep was accepted (${deepResponse.status})`,
        request: deep,
        response: deepResponse,
        principal,
      });
  }
  if (session.wants('security/unbounded-page-size') && operation.method === 'get') {
    for (const parameter of operation.parameters.filter(
      (candidate) =>
        candidate.in === 'query' &&
        pageSizeName.test(candidate.name) &&
        ['integer', 'number'].includes(String((candidate.schema as { type?: unknown }).type)),
    )) {
      const separator = base.url.includes('?') ? '&' : '?';
      const url =
        `${base.url.replace(new RegExp(`([?&])${parameter.name}=[^&]*&?`), '$1')}${separator}${parameter.name}=1000000`.replace(
          '?&',
          '?',
        );
      const request = { ...base, url };
      const response = await session.send(request, { operation, principal });
      if (succeeded(response.status) && (parameter.schema as { maximum?: unknown }).maximum === undefined)
        session.report({
          rule: 'security/unbounded-page-size',
          operation,
          variant: parameter.name,
          title: `${parameter.name}=1000000 was accepted: the contract gives it no maximum`,
          request,
          response,
          principal,
        });
    }
  }
}

async function probeInjection(
  session: AuditSession,
  operation: Operation,
  principal: TestPrincipal | undefined,
  base: AuditRequest,
  baselineMs: number,
) {
  if (!session.wants('security/injection')) return;
  const targets: { name: string; apply: (payload: string) => AuditRequest }[] = [];
  if (isObjectBody(base)) {
    for (const { name } of stringProperties(jsonBodySchema(operation)))
      targets.push({ name, apply: (payload) => withBody(base, { [name]: payload }) });
  }
  const tenantParameter = session.world.access?.tenancy?.parameter.value;
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'path')) {
    const schema = parameter.schema as { type?: unknown; enum?: unknown; format?: unknown; pattern?: unknown };
    if (parameter.name === tenantParameter || schema.type !== 'string' || schema.enum !== undefined) continue;
    if (schema.format !== undefined || schema.pattern !== undefined) continue;
    // The planned value is the segment at the parameter's position in the template.
    const index = operation.path.split('/').indexOf(`{${parameter.name}}`);
    targets.push({
      name: parameter.name,
      apply: (payload) => {
        const [path = '', search] = base.url.split('?');
        const segments = path.split('/');
        segments[index] = encodeURIComponent(payload);
        return { ...base, url: `${segments.join('/')}${search === undefined ? '' : `?${search}`}` };
      },
    });
  }
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query')) {
    const type = (parameter.schema as { type?: unknown; enum?: unknown; format?: unknown }).type;
    if (
      type !== 'string' ||
      (parameter.schema as { enum?: unknown }).enum !== undefined ||
      (parameter.schema as { format?: unknown }).format !== undefined
    )
      continue;
    targets.push({
      name: parameter.name,
      apply: (payload) => {
        const [path = '', search = ''] = base.url.split('?');
        const query = new URLSearchParams(search);
        query.set(parameter.name, payload);
        return { ...base, url: `${path}?${query.toString()}` };
      },
    });
  }
  for (const target of targets) {
    for (const injection of injections) {
      const request = target.apply(injection.payload);
      const before = session.findings.length;
      const response = await session.send(request, { operation, principal });
      const leaked = session.findings
        .slice(before)
        .some((finding) => finding.rule !== 'security/missing-security-headers');
      const slow = injection.kind.endsWith('delay') && response.ms - baselineMs > delayMs;
      const evaluated = injection.evaluated !== undefined && response.body.includes(injection.evaluated);
      if (leaked || response.status >= 500 || slow || evaluated || response.body.includes('root:x:0:0')) {
        session.report({
          rule: 'security/injection',
          operation,
          variant: `${target.name}: ${injection.kind}`,
          title: `${injection.kind} payload in \`${target.name}\` ${slow ? `delayed the answer by ${response.ms - baselineMs} ms` : evaluated ? 'was evaluated' : response.status >= 500 ? `caused a ${response.status}` : 'made the error reveal internals'}`,
          request,
          response,
          principal,
        });
      }
    }
  }
}

interface Canary {
  readonly url: string;
  hits(): number;
  close(): Promise<void>;
}

async function startCanary(): Promise<Canary> {
  let hits = 0;
  const server = createServer((_request, response) => {
    hits += 1;
    response.end('canary');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/keel-audit-canary`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function probeSsrf(
  session: AuditSession,
  operation: Operation,
  principal: TestPrincipal | undefined,
  base: AuditRequest,
  canary: Canary | undefined,
) {
  if (!isObjectBody(base)) return;
  const urlFields = stringProperties(jsonBodySchema(operation)).filter(
    ({ name, schema }) =>
      urlName.test(name) || schema['format'] === 'uri' || schema['format'] === 'url' || schema['format'] === 'iri',
  );
  for (const { name } of urlFields) {
    if (canary !== undefined) {
      const before = canary.hits();
      const request = withBody(base, { [name]: canary.url });
      const response = await session.send(request, { operation, principal });
      if (canary.hits() > before)
        session.report({
          rule: 'security/ssrf-outbound-call',
          operation,
          variant: name,
          title: `the server fetched the URL given in \`${name}\` while answering`,
          request,
          response,
          principal,
        });
    }
    if (!session.wants('security/ssrf-url-accepted')) continue;
    for (const [kind, url] of [
      ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
      ['loopback', 'http://127.0.0.1:6379/'],
      ['file', 'file:///etc/passwd'],
    ] as const) {
      const request = withBody(base, { [name]: url });
      const response = await session.send(request, { operation, principal });
      if (succeeded(response.status))
        session.report({
          rule: 'security/ssrf-url-accepted',
          operation,
          variant: `${name}: ${kind}`,
          title: `\`${name}\` accepted a ${kind} URL (${url})`,
          request,
          response,
          principal,
        });
    }
  }
}

async function probeBurst(session: AuditSession): Promise<void> {
  if (!session.wants('security/burst-not-throttled') || session.world.throttled === undefined) return;
  const operation = session.world.contract.operations
    .filter((candidate) => candidate.method === 'get')
    .sort((a, b) => a.path.length - b.path.length)
    .find(
      (candidate) =>
        strongestOf(session, candidate, 'a') !== undefined || session.world.planner.isPublic(candidate.operationId),
    );
  if (operation === undefined) return;
  const principal = strongestOf(session, operation, 'a');
  const { request } = plannedRequest(session, operation, { principal });
  // A limit that is off needs one burst to show; a known one, a burst past it; an unknown target's, 1,500 requests.
  const limit = session.world.readLimit;
  const total = limit === 'off' ? 50 : limit === undefined ? 1500 : limit.max + 50;
  let last;
  for (let sent = 0; sent < total; sent += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, () => session.send(request, { operation, principal, throttled: true })),
    );
    last = batch.find((response) => response.status === 429) ?? batch.at(-1);
    if (last?.status === 429) {
      if (last.headers['retry-after'] === undefined)
        session.report({
          rule: 'security/burst-not-throttled',
          operation,
          variant: 'retry-after',
          title: '429 without Retry-After',
          request,
          response: last,
          principal,
        });
      return;
    }
  }
  if (last !== undefined)
    session.report({
      rule: 'security/burst-not-throttled',
      operation,
      variant: 'burst',
      title: `${total} requests in bursts of 50 were never answered 429${limit === 'off' ? ' (keel.yaml turns the read limit off)' : ''}`,
      request,
      response: last,
      principal,
    });
}
