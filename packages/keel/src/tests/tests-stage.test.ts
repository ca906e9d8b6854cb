import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadProject } from '../project/index.ts';
import { testDatabaseKinds, testPostgresUrl } from '../testing/index.ts';
import { checkStages } from '../journey/check-stages.ts';
import { stages } from '../journey/registry.ts';
import { coverageOf, type TestRun } from './run-test-suites.ts';
import { testsStage } from './tests-stage.ts';
import type { Finding } from '../journey/finding.ts';
import type { ProjectTestResult } from './project-tests.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const allStages = [...stages, testsStage];

async function gate(
  name: string,
  databaseUrl?: string,
): Promise<{ passed: boolean; findings: readonly Finding[]; run: TestRun }> {
  const project = await loadProject(fixture(name));
  const options = { seed: 1, runs: 20, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
  const [checked] = await checkStages(project, [testsStage], allStages, options);
  assert.ok(checked !== undefined);
  const run = JSON.parse(checked.evidence.outputs['test-run.json'] ?? 'null') as TestRun;
  return { passed: checked.result.passed, findings: checked.result.findings, run };
}

describe('keel test on a project that keeps its contract', () => {
  let result: Awaited<ReturnType<typeof gate>>;
  before(async () => {
    result = await gate('shop');
  });

  test('the gate passes with no finding', () => {
    assert.deepEqual(
      result.findings.map((finding) => `${finding.rule}: ${finding.message}`),
      [],
    );
    assert.equal(result.passed, true);
  });

  test('the suites reached the handlers: valid requests were accepted, in every tenant and role', () => {
    assert.ok(result.run.generated.requests > 50, `${result.run.generated.requests} requests`);
    assert.ok(result.run.generated.accepted > 20, `${result.run.generated.accepted} accepted`);
    assert.deepEqual(result.run.generated.unavailableRoles, []);
  });

  test("the project's own tests ran, and each criterion lists the test proving it", () => {
    assert.equal(result.run.project.results.filter((entry) => entry.outcome === 'passed').length, 2);
    assert.deepEqual(
      result.run.criteria.map((criterion) => [criterion.id, criterion.status, criterion.tests.length]),
      [
        ['AC-ITEM-1-1', 'passed', 1],
        ['AC-ITEM-1-2', 'passed', 1],
      ],
    );
  });
});

describe('keel test on a project with planted bugs', () => {
  let result: Awaited<ReturnType<typeof gate>>;
  before(async () => {
    result = await gate('broken-shop');
  });
  const found = (rule: string, operationId: string) =>
    result.findings.filter((finding) => finding.rule === rule && finding.message.startsWith(`${operationId}:`));

  test('the gate fails', () => {
    assert.equal(result.passed, false);
  });

  test('a response off the contract (a string where a boolean is declared) is caught', () => {
    assert.match(found('tests/server-error', 'ping')[0]?.message ?? '', /KEEL_RESPONSE_CONTRACT/);
  });

  test('a 500 on an edge value is caught, shrunk to the shortest failing name, with a curl to repeat it', () => {
    const [finding] = found('tests/server-error', 'createItem');
    assert.ok(finding !== undefined);
    assert.match(finding.message, /reproduce: curl -i -X POST 'http:\/\/localhost:3000\/orgs\/[^/]+\/items'/);
    assert.doesNotMatch(finding.message, /Bearer ey/, 'credentials are not printed');
    // Shrunk: the handler breaks above 50 characters, so the smallest failing name has 51.
    assert.match(finding.message, /--data-raw '\{"name":"k{51}"\}'/);
  });

  test('a missing tenant check is caught as another tenant’s resource being reachable', () => {
    assert.equal(found('tests/other-tenant-reachable', 'getItem').length, 1);
  });

  test('a resource still readable after delete is caught', () => {
    assert.equal(found('tests/use-after-delete', 'deleteItem').length, 1);
  });

  test('a failing test of the project fails the gate, and so does the criterion it names', () => {
    const failed = result.findings.filter((finding) => finding.rule === 'tests/project-test-failed');
    assert.equal(failed.length, 1);
    assert.match(failed[0]?.message ?? '', /^AC-ITEM-1-1: an item is returned with its creator failed: /);
    assert.equal(failed[0]?.location.file, 'test/items.test.ts');
  });

  test('criteria without a passing test fail the gate', () => {
    const unproven = result.findings.filter((finding) => finding.rule === 'tests/criterion-without-passing-test');
    assert.deepEqual(
      unproven.map((finding) => finding.message),
      [
        'AC-ITEM-1-1: "AC-ITEM-1-1: an item is returned with its creator" failed',
        'AC-ITEM-1-2 (R-ITEM-1) has no test naming it',
      ],
    );
  });

  test('the handlers that keep the contract are not blamed', () => {
    const blamed = new Set(result.findings.map((finding) => finding.message.split(':')[0]));
    for (const innocent of ['whoAmI', 'listItems', 'updateItem']) assert.equal(blamed.has(innocent), false, innocent);
  });
});

test(
  'on PostgreSQL the suites run on a scratch database of their own, dropped afterwards',
  { skip: !testDatabaseKinds().includes('postgres') },
  async () => {
    const result = await gate('shop', testPostgresUrl());
    assert.equal(result.passed, true, result.findings.map((finding) => finding.message).join('\n'));
    assert.ok(result.run.generated.accepted > 20);
    const client = new pg.Client({ connectionString: testPostgresUrl() });
    await client.connect();
    try {
      const { rows } = await client.query('select datname from pg_database where datname like $1', [
        `keel\\_scratch\\_${process.pid}\\_%`,
      ]);
      assert.deepEqual(rows, []);
    } finally {
      await client.end();
    }
  },
);

test('a criterion is proven by a passing test naming it, in the test or its suite; a failing one disproves it', () => {
  const at = { file: 'requirements.yaml' };
  const criterion = (id: string) => ({
    id,
    operation: 'R-X-1',
    given: '',
    when: '',
    then: '',
    rules: [],
    at,
    clausesAt: { given: at, when: at, then: at },
    rulesAt: [],
  });
  const requirements = {
    file: 'requirements.yaml',
    service: { name: 'x', purpose: '', at },
    actors: [],
    operations: [
      {
        id: 'R-X-1',
        actor: 'a',
        summary: '',
        rules: [],
        acceptance: [criterion('AC-X-1-1'), criterion('AC-X-1-2'), criterion('AC-X-1-3'), criterion('AC-X-1-4')],
        at,
        actorAt: at,
        rulesAt: [],
      },
    ],
    rules: [],
    nonFunctional: [],
    outOfScope: [],
  };
  const result = (name: string, outcome: ProjectTestResult['outcome'], suite = false): ProjectTestResult => ({
    name,
    file: 't.test.ts',
    line: 1,
    outcome,
    suite,
    error: undefined,
  });
  const coverage = coverageOf(requirements, [
    result('AC-X-1-1: proven', 'passed'),
    result('AC-X-1-2 and AC-X-1-1 together', 'failed'),
    result('suite for AC-X-1-3', 'passed', true),
    result('AC-X-1-30: a longer id is another criterion', 'passed'),
    result('AC-X-1-4: skipped', 'skipped'),
  ]);
  assert.deepEqual(
    coverage.map((entry) => [entry.id, entry.status]),
    [
      ['AC-X-1-1', 'failed'],
      ['AC-X-1-2', 'failed'],
      ['AC-X-1-3', 'passed'],
      ['AC-X-1-4', 'untested'],
    ],
  );
});
