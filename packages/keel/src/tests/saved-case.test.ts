import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LightMyRequestResponse } from 'fastify';
import { loadContract, type Operation } from '../contract/index.ts';
import { loadProject } from '../project/index.ts';
import { checkStages } from '../journey/check-stages.ts';
import { stages } from '../journey/registry.ts';
import type { TestRun } from './run-test-suites.ts';
import { judgeReplay, replayGeneratedCase, saveRegressionTests } from './saved-case.ts';
import { testsStage } from './tests-stage.ts';

// A copy beside the fixtures (the handlers import Keel by a relative path), removed afterwards.
const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));
const copy = fileURLToPath(new URL(`./tmp-saved-case-${process.pid}`, import.meta.url));
const broken = join(copy, 'broken-shop');
// Not a nested run: the regression test must run as a project's test would.
const ownEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'));
let written: string[] = [];
let run: TestRun;

before(async () => {
  await cp(join(fixtures, 'shop'), join(copy, 'shop'), { recursive: true });
  await cp(join(fixtures, 'broken-shop'), broken, { recursive: true });
  await rm(join(broken, 'test'), { recursive: true, force: true });
  const [checked] = await checkStages(await loadProject(broken), [testsStage], [...stages, testsStage], {});
  run = JSON.parse(checked?.evidence.outputs['test-run.json'] ?? 'null') as TestRun;
  written = await saveRegressionTests(broken, run.generated.failures);
});
after(() => rm(copy, { recursive: true, force: true }));

test('every kind of failure but a leaking failed create is saved; cases naming resources of the run create them first', () => {
  const saved = new Map(
    run.generated.failures.map((failure) => [`${failure.rule} ${failure.operationId}`, failure.saved]),
  );
  for (const kind of [
    'tests/server-error createItem',
    'tests/server-error ping',
    'tests/other-tenant-reachable getItem',
    'tests/use-after-delete deleteItem',
  ]) {
    assert.ok(saved.get(kind) !== undefined, `${kind} is saved (failures: ${[...saved.keys()].join(', ')})`);
  }
  const crossTenant = saved.get('tests/other-tenant-reachable getItem');
  assert.deepEqual(
    crossTenant?.steps?.map((step) => [step.method, step.url, step.as?.tenant]),
    [['POST', '/orgs/{tenant:b}/items', 'b']],
  );
  assert.equal(crossTenant?.url, '/orgs/{tenant:a}/items/{created:1}');
  const afterDelete = saved.get('tests/use-after-delete deleteItem');
  assert.deepEqual(
    afterDelete?.steps?.map((step) => [step.method, step.url]),
    [
      ['POST', '/orgs/{tenant:a}/items'],
      ['DELETE', '/orgs/{tenant:a}/items/{created:1}'],
    ],
  );
  assert.deepEqual([afterDelete?.method, afterDelete?.url], ['GET', '/orgs/{tenant:a}/items/{created:1}']);
  assert.ok(
    written.some((file) => file.includes('use-after-delete--deleteItem')),
    written.join(', '),
  );
  assert.ok(
    written.some((file) => file.includes('other-tenant-reachable--getItem')),
    written.join(', '),
  );
});

/** Runs regression test files in one `node --test` run: how many passed and how many failed. */
const runTests = async (files: readonly string[]) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--test', '--test-reporter=tap', ...files.map((file) => join(broken, file))],
    { cwd: broken, env: ownEnv },
  ).catch((error: unknown) => error as { stdout: string });
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(stdout)?.[1] ?? -1);
  return { pass: count('pass'), fail: count('fail') };
};

test('saved regression tests fail while the bugs are there and pass once they are fixed', async () => {
  const files = ['server-error--createItem', 'other-tenant-reachable--getItem', 'use-after-delete--deleteItem'].map(
    (kind) => written.find((name) => name.includes(kind)) ?? kind,
  );
  const source = await readFile(join(broken, files[0] ?? ''), 'utf8');
  assert.match(source, /replayGeneratedCase/);
  assert.deepEqual(await runTests(files), { pass: 0, fail: 3 }, 'the planted bugs are still there');
  await cp(join(copy, 'shop', 'handlers.ts'), join(broken, 'handlers.ts'));
  assert.deepEqual(await runTests(files), { pass: 3, fail: 0 }, 'the handlers fixed, the tests pass');
});

test('a replayed case uses fresh principals and tenants, and is judged as its rule demands', async () => {
  const saved = run.generated.failures.find((failure) => failure.saved?.operationId === 'ping')?.saved;
  assert.ok(saved !== undefined);
  assert.deepEqual(await replayGeneratedCase(join(copy, 'shop'), { ...saved }), { status: 200, problems: [] });
});

describe('judging a replayed answer', () => {
  let operation: Operation;
  before(async () => {
    const shop = await loadProject(join(copy, 'shop'));
    const contract = await loadContract(shop.paths.contract, shop.root);
    operation = contract.operations.find((candidate) => candidate.operationId === 'createItem') as Operation;
  });
  const answer = (statusCode: number, body: unknown, contentType = 'application/json') =>
    ({
      statusCode,
      headers: { 'content-type': contentType },
      body: JSON.stringify(body),
    }) as unknown as LightMyRequestResponse;
  const item = { id: '00000000-0000-4000-8000-000000000001', name: 'projector' };

  test('a contract violation: an undeclared status or body is a problem, a declared answer is not', () => {
    assert.deepEqual(judgeReplay({ onContract: true }, answer(201, item), operation), []);
    assert.match(judgeReplay({ onContract: true }, answer(202, item), operation).join(), /status 202 is not declared/);
    assert.notDeepEqual(judgeReplay({ onContract: true }, answer(201, { name: 7 }), operation), []);
  });

  test('accepted invalid input must get 400; a valid request must not be refused as invalid', () => {
    assert.deepEqual(judgeReplay({ is: 400 }, answer(201, item), operation), ['got 201, not 400']);
    assert.deepEqual(judgeReplay({ is: 400 }, answer(400, {}, 'application/problem+json'), operation), []);
    const refused = answer(400, { code: 'KEEL_VALIDATION_FAILED' }, 'application/problem+json');
    assert.deepEqual(judgeReplay({ notRefused: true }, refused, operation), [
      'refused with 400 KEEL_VALIDATION_FAILED',
    ]);
    const business = answer(409, { code: 'ITEM_EXISTS' }, 'application/problem+json');
    assert.deepEqual(judgeReplay({ notRefused: true }, business, operation), []);
  });

  test('use after delete: 404 or 410; a server error: below 500', () => {
    assert.deepEqual(judgeReplay({ oneOf: [404, 410] }, answer(410, {}), operation), []);
    assert.deepEqual(judgeReplay({ oneOf: [404, 410] }, answer(200, item), operation), ['got 200, not 404 or 410']);
    assert.deepEqual(judgeReplay({ below: 500 }, answer(500, {}), operation), ['got 500, not below 500']);
  });
});
