import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runKeel } from './run-keel.ts';

// keel init's project installed from npm, type-checked, tested and checked: a few minutes, so a slow suite
// (`npm run test:slow`), run once by CI. The packed-package test runs keel init's project through every stage too.
const run = promisify(execFile);
const keel = (...args: string[]) => runKeel(args);

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-init-cli-'));
});
after(() => rm(work, { recursive: true, force: true }));

test('keel init writes a project that installs and passes its tests, and never overwrites', async () => {
  const dir = join(work, 'fresh');
  const created = await keel('init', dir, '--json');
  assert.equal(created.code, 0, created.stderr);
  const files = (JSON.parse(created.stdout) as { files: string[] }).files;
  for (const expected of [
    'requirements.yaml',
    'architecture.yaml',
    'openapi.yaml',
    'access.yaml',
    'access.test.yaml',
    'migrations/0002_access_policies.sql',
    'keel.yaml',
    'package.json',
    '.gitignore',
  ]) {
    assert.ok(files.includes(expected), expected);
  }
  assert.match(await readFile(join(dir, '.gitignore'), 'utf8'), /^\.keel\/data\/$/m);

  const again = await keel('init', dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /KEEL_INIT_WOULD_OVERWRITE/);

  // Without the runner's own variable, the project's `node --test` reports as it would on a terminal.
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  const npm = (args: string[]) =>
    run('npm', args, { cwd: dir, env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false' } });
  await npm(['install', '--prefer-offline', '--no-audit']);
  // The template type-checks as written: handlers typed from the generated contract types.
  const tsc = fileURLToPath(new URL('../../../../node_modules/.bin/tsc', import.meta.url));
  await run(tsc, ['-p', join(dir, 'tsconfig.json')]);
  const tested = await npm(['test']);
  assert.match(tested.stdout, /# fail 0|ℹ fail 0/);
  assert.match(tested.stdout, /ℹ pass 6/);
  // Every gate of stages 1 to 5 passes on the example as written, row-level security included.
  const checked = await keel('check', 'requirements', 'architecture', 'contract', 'model', 'access', dir);
  assert.equal(checked.code, 0, checked.stdout);
  assert.deepEqual((await readdir(dir)).includes('node_modules'), true);
});
