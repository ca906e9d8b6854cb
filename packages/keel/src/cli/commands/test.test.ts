import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runKeel } from '../run-keel.ts';

const shop = fileURLToPath(new URL('../../tests/fixtures/shop', import.meta.url));

test('keel test --help names its options', async () => {
  const run = await runKeel(['test', '--help']);
  assert.equal(run.code, 0);
  for (const option of ['--database', '--seed', '--runs', '--json']) assert.match(run.stdout, new RegExp(option));
});

test('a seed that is not a whole number is a usage error, and nothing runs', async () => {
  const run = await runKeel(['test', shop, '--seed', 'abc', '--json']);
  assert.equal(run.code, 2);
  const output = JSON.parse(run.stdout) as { ok: boolean; error: { code: string } };
  assert.equal(output.error.code, 'KEEL_USAGE');
});

test('a folder that is not a project is refused', async () => {
  const run = await runKeel(['test', '/nonexistent/keel-project']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /KEEL_PROJECT_NOT_FOUND/);
});
