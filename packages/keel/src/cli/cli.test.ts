import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
const run = promisify(execFile);

async function keel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test('--version and --help answer with exit 0', async () => {
  const version = await keel('--version');
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  for (const command of [[], ['serve'], ['db'], ['db', 'migrate'], ['gen']]) {
    const help = await keel(...command, '--help');
    assert.equal(help.code, 0, command.join(' '));
    assert.match(help.stdout, /Usage: keel/);
  }
});

test('an unknown command or option is bad usage: exit 2 with KEEL_USAGE', async () => {
  const unknown = await keel('fly');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /KEEL_USAGE/);
  const option = await keel('serve', '--wings', '--json');
  assert.equal(option.code, 2);
  assert.equal((JSON.parse(option.stdout) as { error: { code: string } }).error.code, 'KEEL_USAGE');
});

test('a missing project folder is exit 2 with a code and a fix', async () => {
  const result = await keel('serve', '/nonexistent/project');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /error KEEL_PROJECT_NOT_FOUND: .*\/nonexistent\/project/);
  assert.match(result.stderr, /fix: /);
});

test('malformed YAML and an invalid keel.yaml are exit 2 with line and column, and nothing is created', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keel-cli-'));
  try {
    await writeFile(join(dir, 'keel.yaml'), 'runtime:\n  bodyLimit: -3\n');
    const invalid = await keel('serve', dir, '--json');
    assert.equal(invalid.code, 2);
    const error = (JSON.parse(invalid.stdout) as { error: { code: string; location: { line: number } } }).error;
    assert.deepEqual([error.code, error.location.line], ['KEEL_CONFIG_INVALID', 2]);

    await writeFile(join(dir, 'keel.yaml'), 'name: x\n');
    await writeFile(join(dir, 'openapi.yaml'), 'openapi: 3.1.0\ninfo: {title: x, version: "1"\npaths: {}\n');
    const malformed = await keel('serve', dir);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /KEEL_SYNTAX_ERROR: openapi\.yaml:\d+:\d+: YAML syntax error/);
    const { readdir } = await import('node:fs/promises');
    assert.deepEqual((await readdir(dir)).sort(), ['keel.yaml', 'openapi.yaml'], 'no database was created');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an unreachable database is exit 2 with KEEL_DATABASE_UNREACHABLE and no password shown', async () => {
  const fixture = fileURLToPath(new URL('../runtime/fixtures/widgets', import.meta.url));
  const result = await keel('serve', fixture, '--database', 'postgres://app:s3cret@127.0.0.1:1/none');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /KEEL_DATABASE_UNREACHABLE/);
  assert.equal(result.stderr.includes('s3cret'), false);
});

test('keel gen --check passes on the flagship (its generated types are current)', async () => {
  const flagship = fileURLToPath(new URL('../../../../examples/bookings', import.meta.url));
  const result = await keel('gen', flagship, '--check');
  assert.equal(result.code, 0, result.stdout + result.stderr);
});
