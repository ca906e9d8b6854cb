import type { LightMyRequestResponse } from 'fastify';
import type { Contract, Operation } from '../contract/index.ts';
import { invalidVariants, scalarVariants } from './invalid-inputs.ts';
import { createdCollection, jsonBodySchema, planRequest, sampleInputs } from './request-plan.ts';
import { brokenProperties, shrinkFailure } from './shrink-failure.ts';
import type { PlannedRequest, SuiteContext } from './suite-context.ts';

const declarableMethods = ['get', 'put', 'post', 'patch', 'delete'] as const;
const methodOrder: Readonly<Record<string, number>> = { post: 0, put: 1, get: 2, patch: 3, delete: 4 };

/**
 * The generated conformance suite: for every operation, valid samples (accepted, responses on contract, never a 5xx),
 * every kind of invalid input (400 problem+json), no credentials (401), a role that may not (403), another tenant's
 * identifiers (404); for every path, an undeclared method (405 with Allow). Creates run first, so later operations
 * find identifiers to read, and deletes last.
 */
export async function runConformance(context: SuiteContext, contract: Contract, runs: number): Promise<void> {
  const operations = [...contract.operations].sort(
    (a, b) => (methodOrder[a.method] ?? 5) - (methodOrder[b.method] ?? 5) || a.path.length - b.path.length,
  );
  for (const operation of operations) await checkOperation(context, operation, runs);
  await checkUndeclaredMethods(context, contract);
}

async function checkOperation(context: SuiteContext, operation: Operation, runs: number): Promise<void> {
  const samples = sampleInputs(operation, context.seed, runs);
  const [caller] = context.allowedPrincipals(operation);
  if (caller === undefined && !context.isPublic(operation.operationId)) return;
  const collection = createdCollection(operation);

  // Valid requests, first in tenant b so that cross-tenant identifiers exist, then in tenant a.
  const [callerOfB] = context.allowedPrincipals(operation, 'b');
  if (collection !== undefined && callerOfB?.tenantLabel === 'b') {
    for (const sample of samples.slice(0, 2)) {
      const request = planRequest(context, operation, sample, { principal: callerOfB });
      const response = await context.send(request);
      expectValid(context, operation, request, response);
      rememberCreated(context, collection, 'b', request, response);
    }
  }
  const bodySchema = jsonBodySchema(operation);
  // A required body that is not JSON (text, a file) cannot be generated: no valid request can be made up.
  const generable = operation.requestBody?.required !== true || bodySchema !== undefined;
  for (const sample of generable ? samples : []) {
    const request = planRequest(context, operation, sample, { principal: caller });
    // A sample the generator got wrong (a keyword it does not model) is no evidence against the service.
    if (bodySchema !== undefined && request.body !== undefined && !context.checker.accepts(bodySchema, request.body))
      continue;
    const sent = await context.send(request);
    // A failure (a 5xx, an answer off the contract, a refusal) is shrunk to the smallest valid body that still fails
    // the same way before it is reported.
    const failure = validRequestFailure(context, operation, sent);
    const { request: reported, response } =
      failure !== undefined && bodySchema !== undefined
        ? await shrinkFailure(context, request, sent, {
            schema: bodySchema,
            stillFails: (answer) => validRequestFailure(context, operation, answer) === failure,
          })
        : { request, response: sent };
    expectValid(context, operation, reported, response);
    if (collection !== undefined) rememberCreated(context, collection, 'a', reported, response);
  }
  const base = samples[0];
  if (base === undefined) return;

  await checkInvalidInputs(context, operation, base, caller);

  if (!context.isPublic(operation.operationId)) {
    const planned = planRequest(context, operation, base, { principal: undefined, pathTenant: 'a' });
    const { request: anonymous, response } = await sendShrunk(context, operation, { ...planned, headers: {} }, [401]);
    expectStatus(
      context,
      'tests/missing-credentials-accepted',
      operation,
      anonymous,
      response,
      [401],
      'without credentials',
    );
  }
  for (const principal of context.forbiddenPrincipals(operation)) {
    const planned = planRequest(context, operation, base, { principal });
    const { request, response } = await sendShrunk(context, operation, planned, [403]);
    expectStatus(
      context,
      'tests/forbidden-role-allowed',
      operation,
      request,
      response,
      [403],
      `as ${principal.role}, a role it does not allow`,
    );
  }
  await checkOtherTenant(context, operation, base, caller);
}

async function checkInvalidInputs(
  context: SuiteContext,
  operation: Operation,
  base: { params: Record<string, unknown>; body: unknown },
  caller: PlannedRequest['principal'],
): Promise<void> {
  const valid = planRequest(context, operation, base, { principal: caller });
  const bodySchema = jsonBodySchema(operation);
  const cases: { what: string; request: PlannedRequest }[] = [];
  if (bodySchema !== undefined && valid.body !== undefined) {
    for (const variant of invalidVariants(bodySchema, valid.body)) {
      if (context.checker.accepts(bodySchema, variant.value)) continue; // the schema tolerates it
      cases.push({ what: `${variant.kind}: ${variant.what}`, request: { ...valid, body: variant.value } });
    }
  }
  if (operation.requestBody?.required === true && bodySchema !== undefined) {
    const withoutBody: PlannedRequest = {
      method: valid.method,
      url: valid.url,
      headers: valid.headers,
      principal: valid.principal,
    };
    cases.push({ what: 'missing required: the body', request: withoutBody });
  }
  const tenantParameter = context.access?.tenancy?.parameter.value;
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    for (const variant of scalarVariants(parameter.schema, parameter.schema)) {
      if (variant.kind === 'wrong type' && typeof variant.value !== 'string') continue; // a path holds text anyway
      if (context.checker.accepts(parameter.schema, variant.value)) continue;
      if (parameter.in === 'path' && parameter.name === tenantParameter && variant.kind !== 'bad format') continue;
      const text = encodeURIComponent(String(variant.value));
      const url =
        parameter.in === 'path'
          ? replacePathValue(operation.path, valid.url, parameter.name, text)
          : `${valid.url}${valid.url.includes('?') ? '&' : '?'}${encodeURIComponent(parameter.name)}=${text}`;
      if (url !== undefined)
        cases.push({
          what: `${variant.kind}: ${parameter.in} parameter ${parameter.name} = ${variant.what}`,
          request: { ...valid, url },
        });
    }
  }
  for (const { what, request: sent } of cases) {
    const first = await context.send(sent);
    // The rest of the body shrunk, the broken property kept as it is.
    const { request, response } =
      bodySchema !== undefined && invalidInputFailure(first) !== undefined
        ? await shrinkFailure(context, sent, first, {
            schema: bodySchema,
            invalid: true,
            keep: brokenProperties(valid.body, sent.body),
            stillFails: (answer) => invalidInputFailure(answer) === invalidInputFailure(first),
          })
        : { request: sent, response: first };
    if (response.statusCode >= 500) {
      context.fail('tests/server-error', operation, `${what} got ${response.statusCode}`, request, response);
      continue;
    }
    const problem = (response.headers['content-type'] ?? '').startsWith('application/problem+json');
    if (response.statusCode !== 400 || !problem) {
      context.fail(
        'tests/invalid-input-accepted',
        operation,
        `${what} got ${response.statusCode}${problem ? '' : ' ' + (response.headers['content-type'] ?? '')}, not 400 problem+json`,
        request,
        response,
      );
    }
  }
}

async function checkOtherTenant(
  context: SuiteContext,
  operation: Operation,
  base: { params: Record<string, unknown>; body: unknown },
  caller: PlannedRequest['principal'],
): Promise<void> {
  if (caller?.tenantLabel !== 'a' || context.principals.tenants === undefined) return;
  const tenantParameter = context.access?.tenancy?.parameter.value;
  const inPath = operation.parameters.some(
    (parameter) => parameter.in === 'path' && parameter.name === tenantParameter,
  );
  if (inPath) {
    const planned = planRequest(context, operation, base, { principal: caller, pathTenant: 'b' });
    const { request, response } = await sendShrunk(context, operation, planned, [404]);
    expectStatus(
      context,
      'tests/other-tenant-reachable',
      operation,
      request,
      response,
      [404],
      "with another tenant's identifier in the path",
    );
  }
  const identifiers = operation.parameters.filter(
    (parameter) => parameter.in === 'path' && parameter.name !== tenantParameter,
  );
  if (identifiers.length === 0) return;
  const planned = planRequest(context, operation, base, { principal: caller, pathTenant: 'a', idsFrom: 'b' });
  const own = planRequest(context, operation, base, { principal: caller, pathTenant: 'a' });
  if (planned.url === own.url) return; // no identifier of tenant b is known for these parameters
  const { request, response } = await sendShrunk(context, operation, planned, [404]);
  expectStatus(
    context,
    'tests/other-tenant-reachable',
    operation,
    request,
    response,
    [404],
    "with another tenant's resource under its own tenant's path",
  );
}

/** Every path: a method the contract does not declare gets 405 with an Allow header naming the declared ones. */
async function checkUndeclaredMethods(context: SuiteContext, contract: Contract): Promise<void> {
  const byPath = new Map<string, Operation[]>();
  for (const operation of contract.operations)
    byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  for (const operations of byPath.values()) {
    const declared = new Set(operations.map((operation) => operation.method));
    const missing = declarableMethods.find((method) => !declared.has(method));
    const first = operations[0];
    if (missing === undefined || first === undefined) continue;
    const [caller] = context.allowedPrincipals(first);
    const [sample] = sampleInputs(first, context.seed, 1);
    if (sample === undefined) continue;
    const planned = planRequest(context, first, sample, { principal: caller });
    const request: PlannedRequest = {
      method: missing.toUpperCase(),
      url: planned.url.split('?')[0] ?? planned.url,
      headers: planned.headers,
      principal: caller,
    };
    const response = await context.send(request);
    const allow = (response.headers['allow'] ?? '')
      .split(',')
      .map((method) => method.trim().toLowerCase())
      .filter((method) => method !== '');
    const expected = [...declared].sort();
    const named = new Set(allow.filter((method) => method !== 'head' && method !== 'options'));
    if (response.statusCode !== 405) {
      context.fail(
        'tests/undeclared-method',
        first,
        `${missing.toUpperCase()} ${first.path} (not declared) got ${response.statusCode}, not 405`,
        request,
        response,
      );
    } else if (expected.some((method) => !named.has(method)) || named.size !== expected.length) {
      context.fail(
        'tests/undeclared-method',
        first,
        `405 for ${missing.toUpperCase()} ${first.path} has Allow "${allow.join(', ')}"; the contract declares ${expected.join(', ').toUpperCase()}`,
        request,
        response,
      );
    }
  }
}

/** How an answer to a valid request fails, if it does: the same kind must survive shrinking. */
function validRequestFailure(
  context: SuiteContext,
  operation: Operation,
  response: LightMyRequestResponse,
): 'server error' | 'off contract' | 'refused' | undefined {
  if (response.statusCode >= 500) return 'server error';
  if (context.checker.check(operation, response).length > 0) return 'off contract';
  const code = problemCode(response);
  return code !== undefined && rejectionsOfValidInput.has(code) ? 'refused' : undefined;
}

/** How an answer to an invalid request fails, if it does: anything but 400 problem+json. */
function invalidInputFailure(response: LightMyRequestResponse): string | undefined {
  const problem = (response.headers['content-type'] ?? '').startsWith('application/problem+json');
  if (response.statusCode === 400 && problem) return undefined;
  return response.statusCode >= 500 ? 'server error' : `${response.statusCode} ${problem}`;
}

/** Sends a request that should get one of `statuses`; a body that gets another answer is shrunk first. */
async function sendShrunk(
  context: SuiteContext,
  operation: Operation,
  request: PlannedRequest,
  statuses: readonly number[],
): Promise<{ request: PlannedRequest; response: LightMyRequestResponse }> {
  const response = await context.send(request);
  const schema = jsonBodySchema(operation);
  const outcome = (answer: LightMyRequestResponse) =>
    answer.statusCode >= 500 ? 'server error' : statuses.includes(answer.statusCode) ? 'expected' : answer.statusCode;
  if (schema === undefined || outcome(response) === 'expected') return { request, response };
  return shrinkFailure(context, request, response, {
    schema,
    stillFails: (answer) => outcome(answer) === outcome(response),
  });
}

export function expectValid(
  context: SuiteContext,
  operation: Operation,
  request: PlannedRequest,
  response: LightMyRequestResponse,
): void {
  if (response.statusCode >= 200 && response.statusCode < 300) context.accepted += 1;
  if (response.statusCode >= 500) {
    context.fail('tests/server-error', operation, `a valid request got ${response.statusCode}`, request, response);
    return;
  }
  for (const problem of context.checker.check(operation, response)) {
    context.fail('tests/response-off-contract', operation, problem, request, response);
  }
  const code = problemCode(response);
  if (code !== undefined && rejectionsOfValidInput.has(code)) {
    context.fail(
      'tests/valid-request-rejected',
      operation,
      `a request valid by the contract, from a role access.yaml allows, got ${response.statusCode}`,
      request,
      response,
    );
  }
}

/** The runtime's own refusals: a valid request from an allowed caller must never get these (business refusals may). */
export const rejectionsOfValidInput = new Set([
  'KEEL_VALIDATION_FAILED',
  'KEEL_UNAUTHENTICATED',
  'KEEL_INVALID_CREDENTIALS',
  'KEEL_UNSUPPORTED_MEDIA_TYPE',
  'KEEL_FORBIDDEN',
  'KEEL_FIELD_NOT_WRITABLE',
]);

export function problemCode(response: LightMyRequestResponse): string | undefined {
  if (response.statusCode < 400) return undefined;
  try {
    const code = (JSON.parse(response.body) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

export function expectStatus(
  context: SuiteContext,
  rule: Parameters<SuiteContext['fail']>[0],
  operation: Operation,
  request: PlannedRequest,
  response: LightMyRequestResponse,
  statuses: readonly number[],
  situation: string,
): void {
  if (response.statusCode >= 500) {
    context.fail(
      'tests/server-error',
      operation,
      `a request ${situation} got ${response.statusCode}`,
      request,
      response,
    );
  } else if (!statuses.includes(response.statusCode)) {
    context.fail(
      rule,
      operation,
      `a request ${situation} got ${response.statusCode}, not ${statuses.join(' or ')}`,
      request,
      response,
    );
  }
}

function rememberCreated(
  context: SuiteContext,
  collection: string,
  label: 'a' | 'b',
  request: PlannedRequest,
  response: LightMyRequestResponse,
): void {
  if (response.statusCode !== 201 && response.statusCode !== 200) return;
  const id = createdId(response);
  if (id !== undefined) context.remember(collection, label, id, request);
}

/** The identifier of a created resource: the body's `id`, else the last segment of its Location. */
export function createdId(response: LightMyRequestResponse): string | undefined {
  try {
    const body = JSON.parse(response.body) as { id?: unknown };
    if (typeof body.id === 'string' || typeof body.id === 'number') return String(body.id);
  } catch {
    // fall through to Location
  }
  const location = response.headers['location'];
  return typeof location === 'string' ? location.split('/').at(-1) : undefined;
}

function replacePathValue(template: string, url: string, parameter: string, value: string): string | undefined {
  const templateSegments = template.split('/');
  const index = templateSegments.indexOf(`{${parameter}}`);
  const [path, search] = url.split('?');
  const segments = (path ?? '').split('/');
  if (index < 0 || segments.length !== templateSegments.length) return undefined;
  segments[index] = value;
  return search === undefined ? segments.join('/') : `${segments.join('/')}?${search}`;
}
