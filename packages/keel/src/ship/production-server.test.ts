import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../project/index.ts';
import { createTestDatabase, testDatabaseKinds } from '../testing/index.ts';
import { planRelease, writeRelease } from './ship-release.ts';
import { createShopProject } from './test-project.ts';

const keelPackage = new URL('../../', import.meta.url).pathname;

test(
  'the bundle’s entry point runs under node directly, serves, and stops gracefully on SIGTERM',
  { skip: !testDatabaseKinds().includes('postgres') },
  async (t) => {
    const shop = await createShopProject();
    t.after(() => shop.cleanup());
    const scratch = await createTestDatabase('postgres');
    t.after(() => scratch.dispose());
    const project = await loadProject(shop.root);
    await writeRelease(project, await planRelease(project, []));
    // As `npm ci` would install it: the project's node_modules/keel.
    await mkdir(join(shop.root, 'node_modules'));
    await symlink(keelPackage, join(shop.root, 'node_modules/keel'), 'dir');

    const child = spawn(process.execPath, ['releases/1.0.0/deploy/server.mjs'], {
      cwd: shop.root,
      env: { ...process.env, DATABASE_URL: scratch.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    t.after(() => child.kill('SIGKILL'));
    let stderr = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /serving at (http:\/\/\S+)/.exec(stderr);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${String(code)}: ${stderr}`)));
    });
    assert.equal((await fetch(`${address}/readyz`)).status, 200, 'it applied its migrations (KEEL_MIGRATE unset)');
    const created = await fetch(`${address}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'one' }),
    });
    assert.equal(created.status, 201);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(stderr, /SIGTERM: finishing requests in flight \(at most 20 s\), then stopping/);
  },
);
