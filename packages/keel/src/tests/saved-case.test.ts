import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadProject } from '../project/index.ts';
import { checkStages } from '../journey/check-stages.ts';
import { stages } from '../journey/registry.ts';
import type { TestRun } from './run-test-suites.ts';
import { replayGeneratedCase, saveRegressionTests } from './saved-case.ts';
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

test('replayable failures are saved as regression tests; those naming resources of the run are not', () => {
  assert.ok(
    written.some((file) => /server-error--createItem-\d+\.test\.ts$/.test(file)),
    written.join(', '),
  );
  assert.ok(written.every((file) => !file.includes('use-after-delete')));
  const notSaved = run.generated.failures
    .filter((failure) => failure.saved === undefined)
    .map((failure) => failure.rule);
  assert.ok(notSaved.includes('tests/use-after-delete'));
});

test('a saved regression test fails while the bug is there and passes once it is fixed', async () => {
  const file = written.find((name) => name.includes('server-error--createItem'));
  assert.ok(file !== undefined);
  const source = await readFile(join(broken, file), 'utf8');
  assert.match(source, /replayGeneratedCase/);
  const runTest = () =>
    promisify(execFile)(process.execPath, ['--test', join(broken, file)], { cwd: broken, env: ownEnv }).then(
      () => 0,
      (error: unknown) => (error as { code?: number }).code ?? 1,
    );
  assert.equal(await runTest(), 1, 'the planted 500 is still there');
  await cp(join(copy, 'shop', 'handlers.ts'), join(broken, 'handlers.ts'));
  assert.equal(await runTest(), 0, 'the handler fixed, the regression test passes');
});

test('a replayed case uses fresh principals and tenants', async () => {
  const saved = run.generated.failures.find((failure) => failure.saved?.operationId === 'ping')?.saved;
  assert.ok(saved !== undefined);
  assert.equal(await replayGeneratedCase(join(copy, 'shop'), { ...saved }), 200);
});
