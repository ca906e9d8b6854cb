import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isKeelError } from '../errors/index.ts';
import { loadProject } from '../project/index.ts';
import { checkReport, checkReportSchema } from './check-report.ts';
import { checkStages } from './check-stages.ts';
import { readEvidence } from './evidence.ts';
import type { Issue } from './finding.ts';
import { journeyStatus } from './journey-status.ts';
import { runGates } from './run-gate.ts';
import { toSarif } from './sarif.ts';
import type { Stage } from './stage.ts';
import { buildTraceIndex, traceId } from './trace.ts';

// Two small stages of the journey's shape, so the core is tested apart from the real stages' rules.
interface Items {
  readonly items: readonly {
    readonly id: string;
    readonly ok: boolean;
    readonly uses: readonly string[];
    readonly at: Issue['at'];
  }[];
}

function itemsStage(id: 'requirements' | 'architecture', file: string, dependsOn: Stage['dependsOn']): Stage<Items> {
  return {
    id,
    title: id,
    summary: `${id} for tests`,
    dependsOn,
    start: `Write ${file}.`,
    artifacts: () => [file],
    inputs: () => [file],
    loaderRules: [{ id: `${id}/schema`, severity: 'error', summary: 'A list.', fix: 'Write a list.' }],
    async load(context) {
      const source = await context.source(file);
      if (!Array.isArray(source.value)) {
        return { model: undefined, issues: [{ rule: `${id}/schema`, message: 'not a list', at: { file } }] };
      }
      const items = (source.value as { id: string; ok?: boolean; uses?: string[] }[]).map((item, index) => ({
        id: item.id,
        ok: item.ok !== false,
        uses: item.uses ?? [],
        at: { file, ...source.locate(`/${String(index)}`) },
      }));
      return { model: { items }, issues: [] };
    },
    rules: [
      {
        id: `${id}/not-ok`,
        severity: 'error',
        summary: 'Every item is ok.',
        fix: 'Make it ok.',
        run: (model) =>
          model.items.filter((item) => !item.ok).map((item) => ({ message: `${item.id} is not ok`, at: item.at })),
      },
      {
        id: `${id}/short-id`,
        severity: 'info',
        summary: 'Ids are long.',
        fix: 'Use a longer id.',
        run: (model) =>
          model.items
            .filter((item) => item.id.length < 3)
            .map((item) => ({ message: `${item.id} is short`, at: item.at })),
      },
    ],
    trace: (model) =>
      model.items.map((item) => ({
        id: item.id,
        kind: id === 'requirements' ? 'requirement' : 'module',
        stage: id,
        title: `item ${item.id}`,
        at: item.at,
        links: item.uses.map((to) => ({ to, relation: 'uses', inverse: 'used by' })),
      })),
    outputs: (model) => ({ 'count.txt': String(model.items.length) }),
  };
}

const first = itemsStage('requirements', 'first.yaml', []);
const second = itemsStage('architecture', 'second.yaml', ['requirements']);
const stages = [first, second] as readonly Stage[];

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function project(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'keel-journey-'));
  folders.push(dir);
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content);
  return loadProject(dir);
}

test('a gate reports every finding, errors first, each with rule, location and fix', async () => {
  const p = await project({ 'first.yaml': '- id: ab\n  ok: false\n- id: abc\n- id: xyz\n  ok: false\n' });
  const [result] = await runGates(p, [first], stages);
  assert.ok(result !== undefined);
  assert.equal(result.passed, false);
  assert.deepEqual(
    result.findings.map((finding) => [finding.severity, finding.rule, finding.location.line, finding.message]),
    [
      ['error', 'requirements/not-ok', 1, 'ab is not ok'],
      ['error', 'requirements/not-ok', 4, 'xyz is not ok'],
      ['info', 'requirements/short-id', 1, 'ab is short'],
    ],
  );
  assert.equal(result.findings[0]?.fix, 'Make it ok.');
  assert.deepEqual(result.counts, { error: 2, warning: 0, info: 1 });
  assert.deepEqual(result.outputs, { 'count.txt': '3' });
});

test('a missing artifact and a malformed one are findings of the stage, with the error code', async () => {
  const p = await project({ 'second.yaml': 'a: [\n' });
  const [missing, malformed] = await runGates(p, [first, second], stages);
  assert.equal(missing?.findings[0]?.rule, 'requirements/missing-artifact');
  assert.equal(missing?.findings[0]?.message, 'first.yaml does not exist');
  assert.equal(malformed?.findings[0]?.rule, 'architecture/unreadable-artifact');
  assert.equal(malformed?.findings[0]?.code, 'KEEL_SYNTAX_ERROR');
  assert.equal(malformed?.findings[0]?.location.line, 2);
});

test('keel.yaml re-levels or disables a rule only with a reason, and reports show it', async () => {
  const p = await project({
    'first.yaml': '- id: ab\n  ok: false\n',
    'keel.yaml':
      'rules:\n  requirements/not-ok:\n    severity: warning\n    reason: Items are reviewed by hand this quarter.\n' +
      '  requirements/short-id:\n    severity: off\n    reason: Short ids are our house style.\n',
  });
  const [result] = await runGates(p, [first], stages);
  assert.equal(result?.passed, true);
  assert.deepEqual(
    result?.findings.map((finding) => [finding.rule, finding.severity, finding.override?.from]),
    [['requirements/not-ok', 'warning', 'error']],
  );
  assert.deepEqual(
    result?.overrides.map((override) => [override.rule, override.severity]),
    [
      ['requirements/not-ok', 'warning'],
      ['requirements/short-id', 'off'],
    ],
  );
});

test('an override without a reason, or for no rule, is refused with its line', async () => {
  await assert.rejects(
    project({ 'keel.yaml': 'rules:\n  requirements/not-ok:\n    severity: off\n' }),
    (error) =>
      isKeelError(error) &&
      error.code === 'KEEL_CONFIG_INVALID' &&
      error.location?.line === 2 &&
      error.message.includes('rules.requirements/not-ok') &&
      error.message.includes('reason'),
  );
  const p = await project({
    'keel.yaml': 'rules:\n  requirements/no-such-rule:\n    severity: off\n    reason: It is not a rule at all.\n',
  });
  await assert.rejects(
    runGates(p, [first], stages),
    (error) => isKeelError(error) && error.code === 'KEEL_CONFIG_INVALID' && error.location?.line === 2,
  );
});

test('evidence records inputs, version, result and findings; status follows the files', async () => {
  const p = await project({ 'first.yaml': '- id: abc\n', 'second.yaml': '- id: mod\n  uses: [abc]\n' });
  let status = await journeyStatus(p, stages);
  assert.deepEqual(
    status.stages.map((stage) => stage.state),
    [
      'not-started',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
    ],
  );
  assert.deepEqual(status.next, {
    stage: 'requirements',
    action: 'Run `keel check requirements`.',
    command: 'keel check requirements',
  });

  await checkStages(p, stages, stages);
  const evidence = await readEvidence(p, 'requirements');
  assert.equal(evidence?.result, 'passed');
  assert.deepEqual(Object.keys(evidence?.inputs ?? {}), ['first.yaml']);
  assert.match(evidence?.inputs['first.yaml'] ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.equal((await readEvidence(p, 'architecture'))?.upstream.requirements, evidence?.digest);
  status = await journeyStatus(p, stages);
  assert.deepEqual(
    status.stages.slice(0, 3).map((stage) => stage.state),
    ['passing', 'passing', 'not-started'],
  );
  assert.equal(status.stages[2]?.available, false);

  // Editing an upstream input makes it and everything downstream stale.
  await writeFile(join(p.root, 'first.yaml'), '- id: abc\n- id: def\n');
  status = await journeyStatus(p, stages);
  assert.deepEqual(
    status.stages.slice(0, 2).map((stage) => [stage.state, stage.reasons[0]]),
    [
      ['stale', 'first.yaml changed'],
      ['stale', 'upstream stage requirements is stale'],
    ],
  );
  assert.equal(status.next?.command, 'keel check requirements');

  // Re-checking the upstream alone leaves the downstream stale: it was checked against the old upstream.
  await checkStages(p, [first], stages);
  status = await journeyStatus(p, stages);
  assert.deepEqual(
    status.stages.slice(0, 2).map((stage) => [stage.state, stage.reasons[0]]),
    [
      ['passing', undefined],
      ['stale', 'upstream stage requirements was checked again since'],
    ],
  );

  // A failing gate is failing until its inputs change.
  await writeFile(join(p.root, 'second.yaml'), '- id: mod\n  ok: false\n');
  await checkStages(p, [second], stages);
  status = await journeyStatus(p, stages);
  assert.equal(status.stages[1]?.state, 'failing');
  assert.equal(status.next?.stage, 'architecture');
  assert.match(status.next?.action ?? '', /Fix the 1 error/);

  // A new override changes the verdict a gate would give, so the stage is stale.
  await writeFile(
    join(p.root, 'keel.yaml'),
    'rules:\n  architecture/not-ok:\n    severity: off\n    reason: Temporarily accepted by the team.\n',
  );
  status = await journeyStatus(await loadProject(p.root), stages);
  assert.deepEqual(
    [status.stages[1]?.state, status.stages[1]?.reasons[0]],
    ['stale', 'its rule overrides in keel.yaml changed'],
  );
});

test('trace follows links both ways and suggests near ids for an unknown one', async () => {
  const p = await project({
    'first.yaml': '- id: R-1\n- id: R-2\n',
    'second.yaml': '- id: mod\n  uses: [R-1]\n- id: other\n  uses: [mod]\n',
  });
  const index = await buildTraceIndex(p, stages);
  const trace = traceId(index, 'R-1');
  assert.equal(trace.kind, 'requirement');
  assert.deepEqual(
    trace.downstream.map((step) => [step.relation, step.id]),
    [['used by', 'mod']],
  );
  // Past the first step, links between identifiers of one kind (module to module) are not followed.
  assert.deepEqual(trace.downstream[0]?.next, []);
  const module = traceId(index, 'mod');
  assert.deepEqual(
    module.upstream.map((step) => [step.relation, step.id, step.kind]),
    [['uses', 'R-1', 'requirement']],
  );
  assert.deepEqual(
    module.downstream.map((step) => step.id),
    ['other'],
  );
  assert.throws(
    () => traceId(index, 'R-3'),
    (error) => isKeelError(error) && error.code === 'KEEL_TRACE_UNKNOWN_ID' && /R-1|R-2/.test(error.fix),
  );
});

test('the JSON report matches its published schema and SARIF validates against the SARIF 2.1.0 schema', async () => {
  const p = await project({ 'first.yaml': '- id: ab\n  ok: false\n', 'second.yaml': '{}' });
  const checked = await checkStages(p, stages, stages);
  const report = checkReport(checked, (stage) => `.keel/evidence/${stage}.json`);
  const published = JSON.parse(
    await readFile(new URL('../../schemas/check-report.schema.json', import.meta.url), 'utf8'),
  ) as unknown;
  assert.deepEqual(published, checkReportSchema, 'schemas/check-report.schema.json is current (npm run schemas:write)');
  const validateReport = new Ajv2020({ strict: true, allErrors: true }).compile(checkReportSchema);
  assert.ok(validateReport(JSON.parse(JSON.stringify(report))), JSON.stringify(validateReport.errors));
  assert.equal(report.ok, false);

  const sarif = toSarif(report.findings, stages, pathToFileURL(p.root).href);
  // The official schema (draft-04, from @microsoft/jest-sarif 1.0.0-beta.0, MIT), read by Ajv without its meta-schema.
  const sarifSchema = JSON.parse(
    await readFile(new URL('./fixtures/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  delete sarifSchema['$schema'];
  delete sarifSchema['id'];
  const sarifAjv = new Ajv({ strict: false, validateSchema: false, allErrors: true, unicodeRegExp: false });
  const validateSarif = addFormats.default(sarifAjv).compile(sarifSchema);
  assert.ok(validateSarif(JSON.parse(JSON.stringify(sarif))), JSON.stringify(validateSarif.errors?.slice(0, 5)));
  // The schema check can fail: a level SARIF does not define is caught.
  const broken = JSON.parse(JSON.stringify(sarif).replace('"level":"note"', '"level":"fatal"')) as unknown;
  assert.equal(validateSarif(broken), false);
  const results = sarif.runs[0]?.results ?? [];
  assert.deepEqual(
    results.map((result) => [result.ruleId, result.level]),
    [
      ['requirements/not-ok', 'error'],
      ['architecture/schema', 'error'],
      ['requirements/short-id', 'note'],
    ],
  );
  // A result whose rule index does not point at its rule would be wrong in code-scanning interfaces.
  const rules = sarif.runs[0]?.tool.driver.rules ?? [];
  for (const result of results) assert.equal(rules[result.ruleIndex]?.id, result.ruleId);
});
