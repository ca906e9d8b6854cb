import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { checkReportSchema } from '../journey/check-report.ts';

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
const flagship = fileURLToPath(new URL('../../../../examples/bookings/', import.meta.url));
const requirementsFixtures = fileURLToPath(new URL('../requirements/fixtures/', import.meta.url));
const run = promisify(execFile);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function keel(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Run;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let work: string;
let bookings: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-journey-cli-'));
  bookings = join(work, 'bookings');
  // A copy, so evidence and edits never touch the repository's flagship.
  await cp(flagship, bookings, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|\.keel)([/\\]|$)/.test(source),
  });
});
after(() => rm(work, { recursive: true, force: true }));

test('keel check requirements architecture passes on the flagship and writes evidence', async () => {
  const result = await keel('check', 'requirements', 'architecture', bookings);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^requirements +passed/m);
  assert.match(result.stdout, /^architecture +passed/m);
  const evidence = JSON.parse(await readFile(join(bookings, '.keel/evidence/requirements.json'), 'utf8')) as {
    result: string;
    inputs: Record<string, string>;
  };
  assert.equal(evidence.result, 'passed');
  assert.ok('requirements.yaml' in evidence.inputs);
});

test('--json follows the published schema; --format sarif is a SARIF 2.1.0 log', async () => {
  const json = await keel('check', 'requirements', bookings, '--json');
  assert.equal(json.code, 0, json.stderr);
  const validate = new Ajv2020({ allErrors: true }).compile(checkReportSchema);
  assert.ok(validate(JSON.parse(json.stdout)), JSON.stringify(validate.errors));
  const sarif = await keel('check', bookings, '--format', 'sarif');
  assert.equal((JSON.parse(sarif.stdout) as { version: string }).version, '2.1.0');
});

test('editing a requirement makes requirements and everything downstream stale; status names the next step', async () => {
  await keel('check', bookings);
  let status = JSON.parse((await keel('status', bookings, '--json')).stdout) as {
    stages: { stage: string; state: string }[];
    next: { command: string } | null;
  };
  assert.deepEqual(
    status.stages.slice(0, 2).map((stage) => stage.state),
    ['passing', 'passing'],
  );
  const path = join(bookings, 'requirements.yaml');
  await writeFile(path, (await readFile(path, 'utf8')) + '\n# an edit\n');
  const human = await keel('status', bookings);
  assert.equal(human.code, 0);
  assert.match(human.stdout, /requirements +↻ stale[\s\S]*requirements\.yaml changed/);
  assert.match(human.stdout, /Next: Run `keel check requirements` again/);
  status = JSON.parse((await keel('status', bookings, '--json')).stdout) as typeof status;
  assert.deepEqual(
    status.stages.slice(0, 2).map((stage) => stage.state),
    ['stale', 'stale'],
  );
  assert.equal(status.next?.command, 'keel check requirements');
});

test('keel trace prints a requirement’s chain, and its JSON', async () => {
  const text = await keel('trace', 'R-BOOK-1', bookings);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^R-BOOK-1 requirement/m);
  assert.match(text.stdout, /verified by AC-BOOK-1-1 criterion/);
  assert.match(text.stdout, /owned by \S+ module/);
  const json = JSON.parse((await keel('trace', 'R-BOOK-1', bookings, '--json')).stdout) as {
    downstream: { relation: string; kind: string }[];
  };
  assert.ok(json.downstream.some((step) => step.relation === 'owned by' && step.kind === 'module'));
  const unknown = await keel('trace', 'R-BOOK-99', bookings);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /KEEL_TRACE_UNKNOWN_ID/);
});

test('a bad artifact fails its gate with exit 1 and every finding', async () => {
  const vague = join(work, 'vague-wording');
  await cp(join(requirementsFixtures, 'vague-wording'), vague, { recursive: true });
  const result = await keel('check', 'requirements', vague, '--json');
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as { ok: boolean; findings: { rule: string; location: { line: number } }[] };
  assert.equal(report.ok, false);
  assert.ok(
    report.findings.some((finding) => finding.rule === 'requirements/vague-wording' && finding.location.line > 0),
  );
});

test('bad input: malformed YAML, an unknown stage, a missing folder each get a clear error with a code', async () => {
  const broken = join(work, 'broken');
  await mkdir(broken);
  await writeFile(join(broken, 'requirements.yaml'), 'service:\n  name: [x\n');
  const malformed = await keel('check', 'requirements', broken);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stdout, /requirements\/unreadable-artifact +requirements\.yaml:3:1/);
  assert.match(malformed.stdout, /KEEL_SYNTAX_ERROR/);

  const unknown = await keel('check', 'requirments', bookings);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /KEEL_UNKNOWN_STAGE: requirments is neither a stage nor a folder; did you mean requirements\?/,
  );

  const missing = await keel('check', 'requirements', join(work, 'no-such-folder'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /KEEL_PROJECT_NOT_FOUND/);
});
