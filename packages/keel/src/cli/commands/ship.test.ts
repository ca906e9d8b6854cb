import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createShopProject } from '../../ship/test-project.ts';
import { runKeel } from '../run-keel.ts';

test('keel ship refuses a project whose earlier stages have not passed, names the command, and writes nothing', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const text = await runKeel(['ship', shop.root, '--dry-run']);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /ship\/stage-not-passing/);
  assert.match(text.stdout, /stage requirements is not started: requirements\.yaml does not exist/);
  assert.match(text.stdout, /fix: Run `keel check requirements`/);
  assert.match(text.stdout, /not ready: \d+ errors; nothing was written/);

  const json = await runKeel(['ship', shop.root, '--json']);
  assert.equal(json.code, 1);
  const result = JSON.parse(json.stdout) as {
    ok: boolean;
    version: string;
    written: null;
    findings: { rule: string }[];
  };
  assert.equal(result.ok, false);
  assert.equal(result.version, '1.0.0');
  assert.equal(result.written, null);
  assert.ok(result.findings.every((finding) => finding.rule === 'ship/stage-not-passing'));
  assert.ok(!existsSync(join(shop.root, 'releases')), 'nothing is written');
});

test('keel ship and keel rollback reject bad input with a coded error', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const version = await runKeel(['ship', shop.root, '--version', 'v1', '--json']);
  assert.equal(version.code, 2);
  assert.equal((JSON.parse(version.stdout) as { error: { code: string } }).error.code, 'KEEL_RELEASE_VERSION_INVALID');
  const rollback = await runKeel(['rollback', '1.0.0', shop.root, '--dry-run']);
  assert.equal(rollback.code, 2);
  assert.match(rollback.stderr, /KEEL_RELEASE_NOT_FOUND: no release 1\.0\.0 .*released: none/);
  const help = await runKeel(['rollback', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--accept-data-loss/);
});
