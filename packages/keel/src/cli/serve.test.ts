import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
const fixture = fileURLToPath(new URL('../runtime/fixtures/widgets', import.meta.url));

test('keel serve answers, then on SIGTERM finishes the request in flight and exits 0', async () => {
  const child = spawn(process.execPath, [bin, 'serve', fixture, '--port', '0', '--in-memory', '--json'], {
    env: { ...process.env, KEEL_ENV: 'test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const started = await waitFor(() => {
      const match = /"url": "(http:\/\/[^"]+)"/.exec(stdout);
      return match?.[1];
    });
    assert.equal((await fetch(`${started}/healthz`)).status, 200);

    const slow = fetch(`${started}/faults/slow`);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the request is in flight
    child.kill('SIGTERM');
    const response = await slow;
    assert.equal(response.status, 200, 'the in-flight request completes');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, stderr);
  } finally {
    child.kill('SIGKILL');
  }
});

const tenants = fileURLToPath(new URL('../runtime/fixtures/tenants', import.meta.url));

test('keel serve --demo seeds a fresh database and prints a token per demo principal that the API accepts', async () => {
  const child = spawn(process.execPath, [bin, 'serve', tenants, '--demo', '--port', '0', '--json'], {
    env: { ...process.env, KEEL_ENV: 'test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    const started = await waitFor(() => {
      try {
        return JSON.parse(stdout) as { url: string; demo: { credentials: { label: string; accessToken: string }[] } };
      } catch {
        return undefined;
      }
    });
    assert.equal(started.demo.credentials.length, 1);
    const [alice] = started.demo.credentials;
    const response = await fetch(`${started.url}/orgs/0a000000-0000-4000-8000-00000000000a/items`, {
      headers: { authorization: `Bearer ${alice?.accessToken ?? ''}` },
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { items: unknown[] }).items.length, 2);
  } finally {
    child.kill('SIGKILL');
  }
});

test('keel serve --demo refuses --database: demo data never goes into a database the user names', async () => {
  const child = spawn(process.execPath, [bin, 'serve', tenants, '--demo', '--database', 'postgres://x@127.0.0.1:1/x'], {
    env: { ...process.env, KEEL_ENV: 'test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 2, stderr);
  assert.match(stderr, /KEEL_USAGE/);
});

// Generous: a loaded CI machine has taken 26 s to start the demo (a fresh database, migrations, seeds); an idle one 3 s.
async function waitFor<T>(probe: () => T | undefined, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the server to start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
