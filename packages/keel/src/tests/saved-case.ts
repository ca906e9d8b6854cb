import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accessStage } from '../access/access-stage.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import { createApp } from '../runtime/index.ts';
import { noRateLimits } from '../runtime/rate-limit-config.ts';
import { createTestDatabase, testDatabaseKinds } from '../testing/test-databases.ts';
import type { CaseFailure, GeneratedRuleId, PlannedRequest } from './suite-context.ts';
import { provisionPrincipals } from './suite-principals.ts';

/** What a regression test asserts of the replayed request, per rule. */
const expectedStatus: Partial<Record<GeneratedRuleId, { readonly below?: number; readonly is?: number }>> = {
  'tests/server-error': { below: 500 },
  'tests/invalid-input-accepted': { is: 400 },
  'tests/missing-credentials-accepted': { is: 401 },
  'tests/forbidden-role-allowed': { is: 403 },
  'tests/other-tenant-reachable': { is: 404 },
  'tests/undeclared-method': { is: 405 },
};

/** A failing generated case, as a regression test replays it: the tenants are placeholders (`{tenant:a}`). */
export interface SavedCase {
  readonly rule: GeneratedRuleId;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  /** Who sends it: a role, in tenant `a` or `b` (or in none); absent without credentials. */
  readonly as?: { readonly role: string; readonly tenant: 'a' | 'b' | undefined };
  readonly expect: { readonly below?: number; readonly is?: number };
}

/**
 * The case to save for a failure, when it can be replayed on a fresh database: a rule with a status to expect, and a
 * URL naming no resource that only this run created.
 */
export function savedCaseOf(
  rule: GeneratedRuleId,
  operationId: string,
  request: PlannedRequest,
  tenants: { readonly a: string; readonly b: string } | undefined,
  created: Iterable<string>,
): SavedCase | undefined {
  const expect = expectedStatus[rule];
  if (expect === undefined) return undefined;
  let url = request.url;
  if (tenants !== undefined) url = url.replaceAll(tenants.a, '{tenant:a}').replaceAll(tenants.b, '{tenant:b}');
  for (const id of created) if (url.includes(id)) return undefined;
  const principal = request.principal;
  const headersSent = Object.keys(request.headers).length > 0;
  return {
    rule,
    operationId,
    method: request.method,
    url,
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(principal === undefined || !headersSent ? {} : { as: { role: principal.role, tenant: principal.tenantLabel } }),
    expect,
  };
}

/**
 * Replays a saved case against the project on a fresh database with freshly provisioned principals, and returns the
 * status it got. Regression tests that `keel test --save-failures` writes call this.
 *
 * @example
 * const status = await replayGeneratedCase(projectDir, savedCase);
 * assert.ok(status < 500);
 */
export async function replayGeneratedCase(dir: string, saved: SavedCase): Promise<number> {
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
      const url =
        tenants === undefined
          ? saved.url
          : saved.url.replaceAll('{tenant:a}', tenants.a).replaceAll('{tenant:b}', tenants.b);
      const as = saved.as;
      const principal =
        as === undefined
          ? undefined
          : principals.find((candidate) => candidate.role === as.role && candidate.tenantLabel === as.tenant);
      const hasBody = saved.body !== undefined;
      const response = await app.inject({
        method: saved.method as 'GET',
        url,
        headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...principal?.headers },
        ...(hasBody ? { payload: JSON.stringify(saved.body) } : {}),
      });
      return response.statusCode;
    } finally {
      await app.close();
    }
  } finally {
    await testDatabase.dispose();
  }
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
  const expectation =
    saved.expect.is === undefined
      ? `assert.ok(status < ${saved.expect.below ?? 500}, \`got \${status}\`);`
      : `assert.equal(status, ${saved.expect.is});`;
  return `// Generated by \`keel test --save-failures\`: a case the generated suites found failing. Keep it once it passes.
// ${saved.rule} on ${saved.operationId}: ${message.split('\n')[0]?.replaceAll('*/', '') ?? ''}
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replayGeneratedCase } from 'keel/testing';

const saved = ${JSON.stringify(saved, null, 2)} as const;

test(${JSON.stringify(`${saved.rule}: ${saved.method} ${saved.url}`)}, async () => {
  const status = await replayGeneratedCase(fileURLToPath(new URL('../..', import.meta.url)), saved);
  ${expectation}
});
`;
}
