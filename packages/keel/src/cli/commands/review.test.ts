import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestRepository, type TestRepository } from '../../review/test-repository.ts';
import { runKeel } from '../run-keel.ts';

let repository: TestRepository;

before(async () => {
  repository = await createTestRepository();
  await repository.git('checkout', '-q', '-b', 'swallow');
  const code = await readFile(join(repository.dir, 'src/handlers.ts'), 'utf8');
  await repository.write({
    'src/handlers.ts': code.replace(
      'export const handlers = {',
      `export const handlers = {
  async deleteBooking({ params, db }: Context) {
    try {
      await db.deleteFrom('bookings').where('id', '=', params.bookingId).execute();
    } catch {}
    return { status: 204 };
  },
`,
    ),
  });
  await repository.commit('Delete bookings, quietly');
});
after(() => repository.dispose());

interface ReviewJson {
  ok: boolean;
  findings: {
    rule: string;
    severity: string;
    location: { file: string; line: number };
    override?: { reason: string };
  }[];
}

test('keel review --help documents the base, the head, --all and the formats', async () => {
  const help = await runKeel(['review', '--help']);
  assert.equal(help.code, 0);
  for (const option of [
    '--base <ref>',
    '--head <ref>',
    '--all',
    '--format <format>',
    'sarif',
    'markdown',
    '--no-audit',
  ]) {
    assert.ok(help.stdout.includes(option), option);
  }
});

test('keel review fails on a high finding, with its rule, file:line and fix; Markdown for a pull request', async () => {
  const run = await runKeel(['review', repository.dir, '--json', '--no-audit']);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as ReviewJson;
  assert.equal(report.ok, false);
  assert.deepEqual(
    report.findings.map(
      (finding) => `${finding.severity} ${finding.rule} ${finding.location.file}:${finding.location.line}`,
    ),
    ['high review/swallowed-error src/handlers.ts:26'],
  );
  const markdown = await runKeel(['review', repository.dir, '--format', 'markdown', '--no-audit']);
  assert.equal(markdown.code, 1);
  assert.match(markdown.stdout, /^## keel review: failed/);
  assert.match(markdown.stdout, /\| \*\*high\*\* \| `review\/swallowed-error` \| `src\/handlers\.ts:26:\d+` \|/);
});

test('keel.yaml re-levels a rule with its reason, and a broken review section is bad input that changes nothing', async () => {
  const keelYaml = join(repository.dir, 'keel.yaml');
  const original = await readFile(keelYaml, 'utf8');
  try {
    await writeFile(
      keelYaml,
      original +
        'review:\n  rules:\n    review/swallowed-error: { severity: low, reason: "deletes are idempotent; a failure is retried by the client" }\n',
    );
    const relevelled = await runKeel(['review', repository.dir, '--json', '--no-audit']);
    assert.equal(relevelled.code, 0, relevelled.stdout + relevelled.stderr);
    const report = JSON.parse(relevelled.stdout) as ReviewJson;
    assert.equal(report.findings[0]?.severity, 'low');
    assert.match(report.findings[0]?.override?.reason ?? '', /idempotent/);

    await writeFile(keelYaml, original + 'review:\n  failOn: sometimes\n');
    const broken = await runKeel(['review', repository.dir, '--json', '--no-audit']);
    assert.equal(broken.code, 2);
    assert.equal((JSON.parse(broken.stdout) as { error: { code: string } }).error.code, 'KEEL_CONFIG_INVALID');
  } finally {
    await writeFile(keelYaml, original);
  }
});

test('keel review outside a git repository, or with an unknown revision, is bad input (exit 2)', async () => {
  const bare = await mkdtemp(join(tmpdir(), 'keel-review-bare-'));
  try {
    const outside = await runKeel(['review', bare, '--json']);
    assert.equal(outside.code, 2);
    assert.equal(
      (JSON.parse(outside.stdout) as { error: { code: string } }).error.code,
      'KEEL_REVIEW_NOT_A_REPOSITORY',
    );
  } finally {
    await rm(bare, { recursive: true, force: true });
  }
  const unknown = await runKeel(['review', repository.dir, '--base', 'no-such-branch', '--json']);
  assert.equal(unknown.code, 2);
  assert.equal((JSON.parse(unknown.stdout) as { error: { code: string } }).error.code, 'KEEL_GIT_REVISION_NOT_FOUND');
});
