import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accessStage } from '../access/access-stage.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import { createApp } from '../runtime/index.ts';
import { noRateLimits } from '../runtime/rate-limit-config.ts';
import { createTestDatabase, testDatabaseKinds } from '../testing/test-databases.ts';
import type { LightMyRequestResponse } from 'fastify';
import type { Operation } from '../contract/index.ts';
import { createdId, problemCode, rejectionsOfValidInput } from './conformance.ts';
import { ResponseChecker } from './response-check.ts';
import type { CaseFailure, GeneratedRuleId, PlannedRequest } from './suite-context.ts';
import { provisionPrincipals } from './suite-principals.ts';

/** What a regression test asserts of the replayed request, per rule. */
const expectations: Partial<Record<GeneratedRuleId, Expectation>> = {
  'tests/server-error': { below: 500 },
  'tests/response-off-contract': { onContract: true },
  'tests/valid-request-rejected': { notRefused: true },
  'tests/invalid-input-accepted': { is: 400 },
  'tests/missing-credentials-accepted': { is: 401 },
  'tests/forbidden-role-allowed': { is: 403 },
  'tests/other-tenant-reachable': { is: 404 },
  'tests/undeclared-method': { is: 405 },
  'tests/created-not-readable': { is: 200 },
  'tests/use-after-delete': { oneOf: [404, 410] },
};

/** What the last request's answer must be once the bug is fixed. */
export interface Expectation {
  readonly below?: number;
  readonly is?: number;
  readonly oneOf?: readonly number[];
  /** A status, content type, headers and body the contract declares for the operation. */
  readonly onContract?: boolean;
  /** Not one of the runtime's refusals of invalid input, credentials or roles. */
  readonly notRefused?: boolean;
}

/** One request of a saved case: tenants and resources the run created are placeholders (`{tenant:a}`, `{created:1}`). */
export interface SavedRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  /** Who sends it: a role, in tenant `a` or `b` (or in none); absent without credentials. */
  readonly as?: { readonly role: string; readonly tenant: 'a' | 'b' | undefined };
}

/**
 * A failing generated case, as a regression test replays it on a fresh database: the requests that set it up first
 * (`steps`: the creates of every resource it names, a delete), then the failing request and what it must get.
 */
export interface SavedCase extends SavedRequest {
  readonly rule: GeneratedRuleId;
  readonly operationId: string;
  /** Replayed in order before the failing request; `{created:N}` is the id the N-th step created. */
  readonly steps?: readonly SavedRequest[];
  readonly expect: Expectation;
}

/**
 * The case to save for a failure: every resource of the run its requests name is replaced by the step that created
 * it (recursively, so a booking's resource is created first), and `before` (a delete) follows. Undefined for a rule
 * with nothing to expect of a single answer (a failed create leaving data is judged on two lists).
 */
export function savedCaseOf(
  rule: GeneratedRuleId,
  operationId: string,
  request: PlannedRequest,
  tenants: { readonly a: string; readonly b: string } | undefined,
  creators: ReadonlyMap<string, PlannedRequest>,
  before: readonly PlannedRequest[] = [],
): SavedCase | undefined {
  const expect = expectations[rule];
  if (expect === undefined) return undefined;
  const steps: SavedRequest[] = [];
  const stepOf = new Map<string, number>();
  const placeholders = (text: string): string | undefined => {
    if (tenants !== undefined && text === tenants.a) return '{tenant:a}';
    if (tenants !== undefined && text === tenants.b) return '{tenant:b}';
    const creator = creators.get(text);
    if (creator === undefined) return undefined;
    let step = stepOf.get(text);
    if (step === undefined) {
      stepOf.set(text, 0); // a create naming itself is not followed again
      steps.push(saved(creator));
      step = steps.length;
      stepOf.set(text, step);
    }
    return `{created:${step}}`;
  };
  const saved = (planned: PlannedRequest): SavedRequest => {
    const [path = '', search] = planned.url.split('?');
    const segments = path.split('/').map((segment) => {
      const value = decodeURIComponent(segment);
      return placeholders(value) ?? segment;
    });
    const principal = planned.principal;
    const headersSent = Object.keys(planned.headers).length > 0;
    return {
      method: planned.method,
      url: segments.join('/') + (search === undefined ? '' : `?${search}`),
      ...(planned.body === undefined
        ? {}
        : { body: mapStrings(planned.body, (value) => placeholders(value) ?? value) }),
      ...(principal === undefined || !headersSent
        ? {}
        : { as: { role: principal.role, tenant: principal.tenantLabel } }),
    };
  };
  const prepared = before.map(saved);
  const last = saved(request);
  const allSteps = [...steps, ...prepared];
  return { rule, operationId, ...last, ...(allSteps.length === 0 ? {} : { steps: allSteps }), expect };
}

/** What a replay got, and what is still wrong with it (nothing once the bug is fixed). */
export interface Replay {
  readonly status: number;
  readonly problems: readonly string[];
}

/**
 * Replays a saved case against the project on a fresh database with freshly provisioned principals: its steps, then
 * the failing request, judged as the rule demands. Regression tests that `keel test --save-failures` writes call this.
 *
 * @example
 * const replay = await replayGeneratedCase(projectDir, savedCase);
 * assert.deepEqual(replay.problems, []);
 */
export async function replayGeneratedCase(dir: string, saved: SavedCase): Promise<Replay> {
  const project = await loadProject(dir);
  const [kind = 'pglite'] = testDatabaseKinds();
  const testDatabase = await createTestDatabase(kind);
  try {
    const app = await createApp({
      dir: project.root,
      database: testDatabase.database,
      mode: 'test',
      runtime: { rateLimits: noRateLimits },
    });
    try {
      const access = await createCheckContext(project).model(accessStage);
      const { tenants, principals } = await provisionPrincipals(app, access);
      const created: (string | undefined)[] = [];
      const fill = (text: string) =>
        text
          .replaceAll('{tenant:a}', tenants?.a ?? '{tenant:a}')
          .replaceAll('{tenant:b}', tenants?.b ?? '{tenant:b}')
          .replace(/\{created:(\d+)\}/g, (placeholder, step: string) => created[Number(step) - 1] ?? placeholder);
      const send = (request: SavedRequest) => {
        const as = request.as;
        const principal =
          as === undefined
            ? undefined
            : principals.find((candidate) => candidate.role === as.role && candidate.tenantLabel === as.tenant);
        const body = request.body === undefined ? undefined : mapStrings(request.body, fill);
        return app.inject({
          method: request.method as 'GET',
          url: fill(request.url),
          headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...principal?.headers },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        });
      };
      const problems: string[] = [];
      for (const [index, step] of (saved.steps ?? []).entries()) {
        const response = await send(step);
        if (response.statusCode >= 300) {
          problems.push(
            `step ${index + 1} (${step.method} ${step.url}) got ${response.statusCode}: the case cannot be set up`,
          );
        }
        created.push(response.statusCode < 300 ? createdId(response) : undefined);
      }
      const response = await send(saved);
      const operation = app.contract.operations.find((candidate) => candidate.operationId === saved.operationId);
      problems.push(...judgeReplay(saved.expect, response, operation));
      return { status: response.statusCode, problems };
    } finally {
      await app.close();
    }
  } finally {
    await testDatabase.dispose();
  }
}

/** What is wrong with an answer, by the expectation of the rule that failed. */
export function judgeReplay(
  expect: Expectation,
  response: LightMyRequestResponse,
  operation: Operation | undefined,
): string[] {
  const status = response.statusCode;
  const problems: string[] = [];
  if (expect.below !== undefined && status >= expect.below) problems.push(`got ${status}, not below ${expect.below}`);
  if (expect.is !== undefined && status !== expect.is) problems.push(`got ${status}, not ${expect.is}`);
  if (expect.oneOf !== undefined && !expect.oneOf.includes(status)) {
    problems.push(`got ${status}, not ${expect.oneOf.join(' or ')}`);
  }
  if (expect.onContract === true) {
    if (operation === undefined) problems.push('the operation is no longer in the contract');
    else problems.push(...new ResponseChecker().check(operation, response));
  }
  if (expect.notRefused === true) {
    const code = problemCode(response);
    if (code !== undefined && rejectionsOfValidInput.has(code)) problems.push(`refused with ${status} ${code}`);
  }
  return problems;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapStrings(item, map)]));
  }
  return value;
}

/** Writes one regression test per saved case under `test/keel-regressions/`; returns the files written. */
export async function saveRegressionTests(root: string, failures: readonly CaseFailure[]): Promise<string[]> {
  const folder = join(root, 'test', 'keel-regressions');
  const written: string[] = [];
  for (const failure of failures) {
    if (failure.saved === undefined) continue;
    const name = `${failure.rule.replace('tests/', '')}--${failure.operationId}-${written.length + 1}.test.ts`;
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, name), regressionTestSource(failure.saved, failure.message));
    written.push(join('test', 'keel-regressions', name));
  }
  return written;
}

/** The source of a regression test for a saved case. */
export function regressionTestSource(saved: SavedCase, message: string): string {
  return `// Generated by \`keel test --save-failures\`: a case the generated suites found failing. Keep it once it passes.
// ${saved.rule} on ${saved.operationId}: ${message.split('\n')[0]?.replaceAll('*/', '') ?? ''}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replayGeneratedCase } from 'keel/testing';

const saved = ${JSON.stringify(saved, null, 2)} as const;

test(${JSON.stringify(`${saved.rule}: ${saved.method} ${saved.url}`)}, async () => {
  const replay = await replayGeneratedCase(fileURLToPath(new URL('../..', import.meta.url)), saved);
  assert.deepEqual(replay.problems, []);
});
`;
}
