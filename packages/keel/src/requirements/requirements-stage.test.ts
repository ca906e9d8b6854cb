import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import { runGates, runnerRules, stageRules } from '../journey/run-gate.ts';
import { loadProject } from '../project/index.ts';
import { requirementsStage } from './index.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

test('every rule fires on its fixture and the good requirements.yaml passes clean', async () => {
  const { bad } = await checkStageFixtures(requirementsStage, fixtures);
  for (const [rule, findings] of bad) {
    for (const finding of findings.filter((each) => each.rule === rule)) {
      assert.ok(finding.location.line !== undefined && finding.location.column !== undefined, `${rule} has a position`);
      assert.ok(finding.fix.length > 0, `${rule} has a fix`);
    }
  }
});

test('every rule is documented in docs/requirements.md with its severity', async () => {
  const docs = await readFile(new URL('../../../../docs/requirements.md', import.meta.url), 'utf8');
  const generic = new Set(runnerRules(requirementsStage).map((rule) => rule.id));
  for (const rule of stageRules(requirementsStage).filter((each) => !generic.has(each.id))) {
    const row = new RegExp(`\\| \`${rule.id}\` +\\| ${rule.severity} +\\|`);
    assert.match(docs, row, `${rule.id} (${rule.severity}) is in the table`);
  }
});

test('trace links operations, criteria, rules, targets and actors both ways', async () => {
  const project = await loadProject(fileURLToPath(new URL('./good/', fixtures)));
  const model = await createCheckContext(project).model(requirementsStage);
  assert.ok(model !== undefined);
  const nodes = new Map(requirementsStage.trace?.(model).map((node) => [node.id, node]));
  const kinds = (kind: string): number => [...nodes.values()].filter((node) => node.kind === kind).length;
  assert.deepEqual(
    {
      requirement: kinds('requirement'),
      criterion: kinds('criterion'),
      rule: kinds('rule'),
      target: kinds('target'),
      actor: kinds('actor'),
    },
    { requirement: 5, criterion: 10, rule: 4, target: 6, actor: 3 },
  );
  assert.deepEqual(nodes.get('R-BOOK-1')?.links, [
    { to: 'member', relation: 'performed by', inverse: 'performs' },
    { to: 'BR-BOOK-1', relation: 'obeys', inverse: 'obeyed by' },
    { to: 'BR-BOOK-2', relation: 'obeys', inverse: 'obeyed by' },
  ]);
  assert.deepEqual(nodes.get('AC-BOOK-1-2')?.links, [
    { to: 'R-BOOK-1', relation: 'verifies', inverse: 'verified by' },
    { to: 'BR-BOOK-1', relation: 'exercises', inverse: 'exercised by' },
  ]);
  assert.deepEqual(nodes.get('NFR-LAT-1')?.links, [
    { to: 'R-BOOK-1', relation: 'constrains', inverse: 'constrained by' },
  ]);
  assert.equal(nodes.get('NFR-LAT-1')?.title, 'latency: p95 150 ms, p99 400 ms');
  assert.equal(nodes.get('AC-BOOK-1-1')?.stage, 'requirements');
  assert.deepEqual(nodes.get('R-BOOK-1')?.at, { file: 'requirements.yaml', line: 15, column: 5 });
});

test('a missing requirements.yaml is reported by the runner with the way to start', async () => {
  const project = await loadProject(fileURLToPath(fixtures));
  const [result] = await runGates(project, [requirementsStage]);
  assert.deepEqual(
    result?.findings.map((finding) => [finding.rule, finding.fix]),
    [['requirements/missing-artifact', requirementsStage.start]],
  );
});
