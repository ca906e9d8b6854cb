import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runKeel } from '../run-keel.ts';

const flagship = fileURLToPath(new URL('../../../../../examples/bookings/', import.meta.url));

interface JourneyJson {
  ok: boolean;
  failedAt: string | null;
  stages: { stage: string; outcome: string; result?: string; evidence?: string }[];
}

let work: string;
let project: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-journey-'));
  project = join(work, 'bookings');
  // The flagship without its contract: requirements and architecture pass, the contract stage fails at once.
  await cp(flagship, project, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|\.keel)([/\\]|$)/.test(source) && !source.endsWith('openapi.yaml'),
  });
});
after(() => rm(work, { recursive: true, force: true }));

test('keel journey runs the gates in order and stops at the first failing stage', async () => {
  const result = await runKeel(['journey', project]);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const lines = result.stdout.split('\n');
  const lineOf = (stage: string) => lines.find((line) => line.slice(2).startsWith(`${stage} `)) ?? '';
  assert.match(lineOf('requirements'), /^✔ requirements +passed/);
  assert.match(lineOf('architecture'), /^✔ architecture +passed/);
  assert.match(lineOf('contract'), /^✖ contract +failed +1 error/);
  assert.match(result.stdout, /contract\/missing-artifact +openapi\.yaml/);
  assert.match(lineOf('model'), /not run: an earlier stage failed/);
  assert.match(lineOf('ship'), /not run: an earlier stage failed/);
  assert.match(result.stdout, /stopped at contract: 2 of 3 stages passed/);
  // The report is written whatever the outcome, and the journey says where.
  const report = join(project, '.keel', 'report', 'index.html');
  assert.match(result.stdout, /report: .*index\.html/);
  assert.match(await readFile(report, 'utf8'), /<section id="stage-contract"/);
});

test('a second journey reuses the evidence of every gate whose inputs did not change, and re-runs an edited one', async () => {
  const again = await runKeel(['journey', project, '--json']);
  assert.equal(again.code, 1, again.stderr);
  const journey = JSON.parse(again.stdout) as JourneyJson;
  assert.equal(journey.ok, false);
  assert.equal(journey.failedAt, 'contract');
  const outcome = (stage: string) => journey.stages.find((entry) => entry.stage === stage);
  assert.equal(outcome('requirements')?.outcome, 'reused');
  assert.equal(outcome('architecture')?.outcome, 'reused');
  assert.equal(outcome('contract')?.outcome, 'reused');
  assert.equal(outcome('contract')?.result, 'failed');
  assert.equal(outcome('model')?.outcome, 'skipped');
  assert.equal(outcome('review')?.outcome, 'skipped');
  assert.equal(outcome('requirements')?.evidence, join('.keel', 'evidence', 'requirements.json'));

  await appendFile(join(project, 'requirements.yaml'), '\n# edited\n');
  const edited = JSON.parse((await runKeel(['journey', project, '--json'])).stdout) as JourneyJson;
  const editedOutcome = (stage: string) => edited.stages.find((entry) => entry.stage === stage)?.outcome;
  assert.equal(editedOutcome('requirements'), 'checked');
  // Architecture reads the requirements' evidence, which was written again: it runs again too.
  assert.equal(editedOutcome('architecture'), 'checked');
});

test('keel journey --help explains reuse and stopping', async () => {
  const help = await runKeel(['journey', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--keep-going/);
  assert.match(help.stdout, /--serve/);
  assert.match(help.stdout, /not run\s+again/);
});
