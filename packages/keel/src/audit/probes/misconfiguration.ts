import type { Operation } from '../../contract/index.ts';
import { jsonBodySchema } from '../../tests/request-plan.ts';
import type { TestPrincipal } from '../../tests/index.ts';
import type { AuditSession } from '../audit-session.ts';
import type { AuditResponse } from '../transport.ts';
import { plannedRequest, strongestOf, succeeded } from './probe-helpers.ts';

const hostileOrigin = 'https://attacker.invalid';

/** Routes no contract should leave served: sibling versions, debug and framework consoles, configuration files. */
const offContractPaths = [
  '/v0',
  '/beta',
  '/debug',
  '/internal',
  '/admin',
  '/.env',
  '/.git/config',
  '/actuator',
  '/actuator/env',
  '/actuator/health',
  '/server-status',
  '/console',
  '/graphql',
  '/swagger.json',
  '/api-docs',
  '/phpinfo.php',
];

/** API8 and API9: inventory, CORS, security headers, TRACE, undeclared media types. */
export async function probeMisconfiguration(session: AuditSession): Promise<void> {
  const { contract } = session.world;
  const reads = contract.operations
    .filter((operation) => operation.method === 'get')
    .sort((a, b) => a.path.length - b.path.length);
  const sample = reads.find((operation) => !session.world.planner.isPublic(operation.operationId)) ?? reads[0];
  await probeInventory(session, sample);
  if (sample !== undefined) await probeHeaders(session, sample);
  if (session.wants('security/undeclared-content-type')) {
    for (const operation of contract.operations)
      if (jsonBodySchema(operation) !== undefined) await probeMediaType(session, operation);
  }
}

async function probeInventory(session: AuditSession, sample: Operation | undefined): Promise<void> {
  if (!session.wants('security/undocumented-route')) return;
  const insider = sample === undefined ? undefined : strongestOf(session, sample, 'a');
  const urls = new Set(offContractPaths);
  if (sample !== undefined) {
    const { request } = plannedRequest(session, sample, { principal: insider });
    const version = /^\/(v\d+|api)\//.exec(request.url);
    const rest = version === null ? request.url : request.url.slice(version[0].length - 1);
    for (const prefix of ['/v0', '/beta', '/internal', '/debug', '/v99']) urls.add(`${prefix}${rest}`);
    if (version === null) urls.add(`/v0${request.url}`);
  }
  for (const url of urls) {
    const request = { method: 'GET', url };
    const anonymous = await session.send(request);
    const served = (status: number) => status >= 200 && status < 400;
    if (served(anonymous.status)) {
      reportRoute(session, request, anonymous, undefined);
      continue;
    }
    if (insider === undefined || anonymous.status === 404) continue;
    // 401 or 403 to a stranger may be a gate in front of routing; the route exists only if an insider is not told 404.
    const inside = await session.send(request, { principal: insider });
    if (inside.status !== 404 && inside.status < 500 && !inside.timedOut)
      reportRoute(session, request, inside, insider);
  }
}

function reportRoute(
  session: AuditSession,
  request: { method: string; url: string },
  response: AuditResponse,
  principal: TestPrincipal | undefined,
): void {
  session.report({
    rule: 'security/undocumented-route',
    operation: undefined,
    variant: request.url,
    title: `GET ${request.url} is served (${response.status}) but is not in the contract`,
    request,
    response,
    principal,
    ...(succeeded(response.status)
      ? {}
      : {
          fix: 'Answer 404 for every path the contract does not declare; a 401 or 403 to an insider still tells that the route exists.',
        }),
  });
}

async function probeHeaders(session: AuditSession, operation: Operation): Promise<void> {
  const principal = strongestOf(session, operation, 'a');
  const { request } = plannedRequest(session, operation, { principal });
  const withOrigin = { ...request, headers: { origin: hostileOrigin } };
  const response = await session.send(withOrigin, { operation, principal });
  if (session.wants('security/missing-security-headers') && succeeded(response.status)) {
    if (response.headers['x-content-type-options'] !== 'nosniff') {
      session.report({
        rule: 'security/missing-security-headers',
        operation,
        variant: 'x-content-type-options',
        title: 'the response has no X-Content-Type-Options: nosniff',
        request: withOrigin,
        response,
        principal,
      });
    }
    const cache = response.headers['cache-control'] ?? '';
    if (principal?.scheme !== undefined && !/no-store|private/.test(cache)) {
      session.report({
        rule: 'security/missing-security-headers',
        operation,
        variant: 'cache-control',
        title: `an authenticated response may be cached by shared caches (Cache-Control: ${cache === '' ? 'absent' : cache})`,
        request: withOrigin,
        response,
        principal,
      });
    }
  }
  if (session.wants('security/cors-hostile-origin')) {
    const preflight = {
      method: 'OPTIONS',
      url: request.url,
      headers: {
        origin: hostileOrigin,
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    };
    const preflightResponse = await session.send(preflight, { operation });
    for (const [variant, sent, answer] of [
      ['request', withOrigin, response],
      ['preflight', preflight, preflightResponse],
    ] as const) {
      const allowed = answer.headers['access-control-allow-origin'];
      const credentials = answer.headers['access-control-allow-credentials'] === 'true';
      if (allowed === hostileOrigin || allowed === 'null' || (allowed === '*' && credentials)) {
        session.report({
          rule: 'security/cors-hostile-origin',
          operation,
          variant,
          title: `a hostile Origin was granted CORS (Access-Control-Allow-Origin: ${allowed}${credentials ? ', with credentials' : ''})`,
          request: sent,
          response: answer,
          principal: variant === 'request' ? principal : undefined,
        });
      }
    }
  }
  if (session.wants('security/trace-enabled')) {
    const trace = { method: 'TRACE', url: request.url, headers: { 'x-audit-echo': 'keel-trace-probe' } };
    const answer = await session.send(trace, { operation });
    if (succeeded(answer.status) || answer.body.includes('keel-trace-probe')) {
      session.report({
        rule: 'security/trace-enabled',
        operation,
        variant: 'TRACE',
        title: `TRACE is served (${answer.status})`,
        request: trace,
        response: answer,
      });
    }
  }
}

async function probeMediaType(session: AuditSession, operation: Operation): Promise<void> {
  const principal = strongestOf(session, operation, 'a') ?? session.world.planner.allowedPrincipals(operation)[0];
  const { request } = plannedRequest(session, operation, { principal });
  const declared = Object.keys(operation.requestBody?.content ?? {});
  for (const [type, raw] of [
    ['application/xml', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['text/plain', JSON.stringify(request.body ?? {})],
  ] as const) {
    if (declared.includes(type)) continue;
    const sent = { method: request.method, url: request.url, headers: { 'content-type': type }, rawBody: raw };
    const response = await session.send(sent, { operation, principal });
    if (succeeded(response.status)) {
      session.report({
        rule: 'security/undeclared-content-type',
        operation,
        variant: type,
        title: `a ${type} body was accepted (${response.status}); the contract declares ${declared.join(', ')}`,
        request: sent,
        response,
        principal,
      });
    }
  }
}
