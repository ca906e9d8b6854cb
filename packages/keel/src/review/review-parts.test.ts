import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDependencies, newDependencies } from './dependency-check.ts';
import { parseAddedLines } from './git-change.ts';
import { renderReviewText } from './render-review.ts';
import type { ReviewReport } from './run-review.ts';
import { scanSecrets, shannonEntropy } from './secret-scan.ts';

const every = { has: () => true };

test('the secret scan finds key formats and random strings, and leaves ordinary code alone', () => {
  // Built at run time, so that this file does not itself hold a credential-shaped string.
  const aws = ['AKIA', 'QWERTYUIOPASDFGH'].join('');
  const github = ['ghp', 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('_');
  const pem = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
  const url = ['postgres://app', 'S3cr3tPassw0rd@db.internal/app'].join(':');
  const random = ['Zx9qL2mN8vB4', 'cR7tY1uW5eK3jH6gF0dS'].join('');
  const text = [
    `const key = '${aws}';`,
    `token: ${github}`,
    pem,
    `DATABASE_URL=${url}`,
    `const signingSecret = '${random}';`,
    "const local = 'postgres://postgres:postgres@127.0.0.1:5432/app';",
    "const id = '3f1c2b9a-8d4e-4f6a-9b2c-1d3e5f7a9b0c';",
    "const sha = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';",
    'export const handlers = { async getBooking({ params, db }) { return db.selectFrom("bookings"); } };',
  ].join('\n');
  const hits = scanSecrets('src/config.ts', text, every);
  assert.deepEqual(
    hits.map((hit) => `${hit.at.line} ${hit.kind}`),
    ['1 key-format', '2 key-format', '3 key-format', '4 key-format', '5 high-entropy'],
  );
  assert.match(hits[0]?.message ?? '', /AWS access key/);
  // Only the lines a change added are read.
  assert.deepEqual(
    scanSecrets('src/config.ts', text, new Set([5])).map((hit) => hit.at.line),
    [5],
  );
  assert.ok(shannonEntropy(random) > shannonEntropy('aaaaaaaaaaaaaaaaaaaaaaaa'));
});

test('the added lines of a diff are read per file, renames and new files included', () => {
  const patch = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -3,0 +4,2 @@ export',
    '+one',
    '+two',
    '@@ -10 +12 @@',
    '-old',
    '+new',
    'diff --git a/gone.ts b/gone.ts',
    '--- a/gone.ts',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-x',
    'diff --git a/new.ts b/new.ts',
    '--- /dev/null',
    '+++ b/new.ts',
    '@@ -0,0 +1,3 @@',
  ].join('\n');
  const added = parseAddedLines(patch);
  assert.deepEqual([...(added.get('src/a.ts') ?? [])], [4, 5, 12]);
  assert.deepEqual([...(added.get('new.ts') ?? [])], [1, 2, 3]);
  assert.equal(added.has('gone.ts'), false);
});

test('new dependencies are judged by licence and install scripts, and an npm audit that cannot run is said', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keel-review-deps-'));
  try {
    const install = async (name: string, manifest: object) => {
      await mkdir(join(dir, 'node_modules', name), { recursive: true });
      await writeFile(
        join(dir, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, version: '1.0.0', ...manifest }),
      );
    };
    await install('copyleft-lib', { license: 'AGPL-3.0-only' });
    await install('scripted-lib', { license: 'MIT', scripts: { postinstall: 'node fetch-binary.js' } });
    await install('fine-lib', { license: '(MIT OR Apache-2.0)' });
    await install('mystery-lib', {});
    const base = JSON.stringify({ dependencies: { 'fine-lib': '^1.0.0' } });
    const head = JSON.stringify(
      {
        dependencies: {
          'fine-lib': '^1.0.0',
          'copyleft-lib': '^1.0.0',
          'scripted-lib': '^1.0.0',
          'mystery-lib': '^1.0.0',
          'absent-lib': '^1.0.0',
        },
      },
      null,
      2,
    );
    const added = newDependencies('package.json', head, base);
    assert.deepEqual(
      added.map((dependency) => dependency.name),
      ['copyleft-lib', 'scripted-lib', 'mystery-lib', 'absent-lib'],
    );
    const hits = await checkDependencies(dir, added, false);
    assert.deepEqual(
      hits.map((hit) => `${hit.severity} ${hit.rule} ${hit.message.split(' ')[0] ?? ''}`),
      [
        'high review/dependency-licence copyleft-lib',
        'medium review/dependency-install-script scripted-lib',
        'medium review/dependency-licence-unknown mystery-lib',
        'info review/check-unavailable absent-lib',
      ],
    );
    // npm audit with no lockfile and a registry that does not answer: the review says it could not ask.
    process.env['npm_config_registry'] = 'http://127.0.0.1:9/';
    await writeFile(join(dir, 'package.json'), head);
    const audited = await checkDependencies(dir, added.slice(0, 1), true);
    delete process.env['npm_config_registry'];
    const note = audited.find((hit) => hit.rule === 'review/check-unavailable');
    assert.match(note?.message ?? '', /npm audit did not run/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the terminal report ranks findings and says the verdict', () => {
  const report: ReviewReport = {
    ok: false,
    keelVersion: '0.0.0',
    all: false,
    base: { ref: 'main', commit: 'a'.repeat(40), how: 'merge-base with main' },
    head: 'working tree',
    failOn: 'high',
    files: [{ path: 'src/a.ts', status: 'modified' }],
    counts: { blocker: 1, high: 0, medium: 1, low: 0, info: 0 },
    findings: [
      {
        rule: 'review/raw-sql-interpolation',
        severity: 'blocker',
        source: 'keel-plugin',
        message: 'SQL built from request data',
        fix: 'Bind values as parameters.',
        location: { file: 'src/a.ts', line: 4, column: 5 },
        introduced: true,
      },
      {
        rule: 'review/error-without-code',
        severity: 'medium',
        source: 'keel-plugin',
        message: 'Thrown Error has no stable code',
        fix: 'Return problem(…).',
        location: { file: 'src/a.ts', line: 9 },
        introduced: true,
      },
    ],
    checks: ['typescript, 1 files: 0.1 s'],
    notes: [],
    overrides: [],
    durationMs: 100,
  };
  const plain = (text: string) => text;
  const text = renderReviewText(report, { ok: plain, bad: plain, warn: plain, dim: plain, bold: plain });
  assert.match(text, /^keel review: the working tree against main \(aaaaaaaaaaaa, merge-base with main\)/);
  assert.match(
    text,
    /blocker review\/raw-sql-interpolation  src\/a\.ts:4:5\n +SQL built from request data\n +fix: Bind values/,
  );
  assert.ok(text.indexOf('blocker') < text.indexOf('medium '));
  assert.match(text, /✖ review failed: 1 blocker, 1 medium \(fails on high or worse\)\n$/);
});
