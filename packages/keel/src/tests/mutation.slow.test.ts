import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject, type Project } from '../project/index.ts';
import { mutationResultPath, mutationStatusOf, type MutationResult } from './mutation-result.ts';
import { mutationRules } from './mutation-rules.ts';
import { runMutation } from './run-mutation.ts';
import type { TestsModel } from './tests-model.ts';

// StrykerJS on two small fixtures, a minute or more: a slow suite (`npm run test:slow`), run once by CI.
// Copies of the fixtures (a run writes .keel/), removed afterwards.
const fixtures = fileURLToPath(new URL('./fixtures/mutation', import.meta.url));
const copy = fileURLToPath(new URL(`./tmp-mutation-${process.pid}`, import.meta.url));

/** The mutation rules' findings on a project, as the tests gate reports them. */
async function judge(project: Project): Promise<string[]> {
  const model = { project, mutation: await mutationStatusOf(project) } as TestsModel;
  const context = createCheckContext(project);
  const findings: string[] = [];
  for (const rule of mutationRules) {
    for (const issue of await rule.run(model, context)) findings.push(`${rule.id}: ${issue.message}`);
  }
  return findings;
}

async function mutated(name: string): Promise<{ project: Project; result: MutationResult }> {
  const project = await loadProject(join(copy, name));
  return {
    project,
    result: await runMutation(project, { testFiles: ['test/price.test.ts'], databaseUrl: undefined, seed: 1 }),
  };
}

before(() => cp(fixtures, copy, { recursive: true }));
after(() => rm(copy, { recursive: true, force: true }));

describe('keel test --mutation on a project whose tests notice every change', () => {
  let run: Awaited<ReturnType<typeof mutated>>;
  before(async () => {
    run = await mutated('well-tested');
  });

  test('every mutant is killed: the score is 100 and the gate is satisfied', async () => {
    assert.equal(run.result.score, 100, JSON.stringify(run.result.undetected));
    assert.ok(run.result.counts.killed > 10, `${run.result.counts.killed} killed`);
    assert.deepEqual(await judge(run.project), []);
  });

  test('the result and Stryker’s incremental file are kept under .keel/mutation/', async () => {
    const kept = JSON.parse(await readFile(mutationResultPath(run.project), 'utf8')) as MutationResult;
    assert.deepEqual(Object.keys(kept.files), ['handlers.ts']);
    await readFile(join(run.project.root, '.keel', 'mutation', 'stryker-incremental.json'), 'utf8');
  });

  test('a change to a handler makes the result stale; running again (incrementally) settles it', async () => {
    const handlers = join(run.project.root, 'handlers.ts');
    await writeFile(handlers, (await readFile(handlers, 'utf8')).replace('0.9', '0.9 /* ten percent off */'));
    assert.deepEqual(await judge(run.project), [
      'tests/mutation-result-stale: the mutation result predates changes to handlers.ts',
    ]);
    await runMutation(run.project, { testFiles: ['test/price.test.ts'], databaseUrl: undefined, seed: 1 });
    assert.deepEqual(await judge(run.project), []);
  });

  test('without a result the gate fails, naming keel test --mutation as the fix', async () => {
    await rm(mutationResultPath(run.project));
    const [finding] = await judge(run.project);
    assert.match(finding ?? '', /^tests\/mutation-result-missing: keel.yaml sets a mutation threshold of 80%/);
    assert.match(mutationRules[0]?.fix ?? '', /keel test --mutation/);
  });
});

describe('keel test --mutation on a project whose tests check almost nothing', () => {
  let run: Awaited<ReturnType<typeof mutated>>;
  before(async () => {
    run = await mutated('weak-tests');
  });

  test('the score falls below the threshold and the gate fails', async () => {
    assert.ok(run.result.score < 80, `score ${run.result.score}`);
    const findings = await judge(run.project);
    assert.equal(findings.length, 1);
    assert.match(
      findings[0] ?? '',
      /^tests\/mutation-score-below-threshold: mutation score [\d.]+% is below the threshold of 80%/,
    );
  });

  test('each surviving mutant is listed with its file, line and change', () => {
    const boundary = run.result.undetected.find(
      (mutant) => mutant.line === 5 && mutant.original === 'quantity >= 10' && mutant.status === 'survived',
    );
    assert.ok(boundary !== undefined, JSON.stringify(run.result.undetected, null, 2));
    assert.equal(boundary.file, 'handlers.ts');
    assert.ok(['quantity > 10', 'quantity < 10', 'true', 'false'].includes(boundary.replacement), boundary.replacement);
    const uncovered = run.result.undetected.filter((mutant) => mutant.status === 'no coverage');
    assert.ok(
      uncovered.some((mutant) => mutant.line === 10),
      'the quote handler is reached by no test',
    );
  });
});
