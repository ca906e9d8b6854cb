import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Finding } from '../journey/finding.ts';
import { stages } from '../journey/registry.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import { runGates } from '../journey/run-gate.ts';
import { loadProject } from '../project/index.ts';
import { shipStage } from './ship-stage.ts';

const fixtures = new URL('./fixtures/stage/', import.meta.url);

const messagesOf = (findings: readonly Finding[] | undefined, rule: string): string =>
  (findings ?? [])
    .filter((finding) => finding.rule === rule)
    .map((finding) => finding.message)
    .join('\n');

test('every rule of the ship gate fires on its fixture, and a released project left unchanged passes', async () => {
  const { bad } = await checkStageFixtures(shipStage, fixtures, {
    // Fires only when Keel's bundle generator has a bug; bundle/validate-bundle.test.ts proves each validation fires.
    exempt: (rule) => rule === 'ship/deploy-bundle',
  });
  const at = (rule: string) => messagesOf(bad.get(rule), rule);
  assert.match(at('ship/version'), /"1\.0" is not a semantic version/);
  assert.match(at('ship/version-bump'), /1\.0\.1 is a patch release after 1\.0\.0, but the contract diff needs minor/);
  assert.match(at('ship/released-contract-changed'), /info\.version 1\.0\.0 is released .* but the contract changed/);
  assert.match(at('ship/migration-without-down'), /0002_item_colour\.sql has an empty down section/);
  assert.match(at('ship/released-migration-changed'), /0001_items\.sql was edited after release 1\.0\.0/);
  assert.match(at('ship/expand-contract'), /drops column items\.name/);
  assert.match(
    at('ship/release-altered'),
    /releases\/1\.0\.0\/contract\/openapi\.yaml was changed after release 1\.0\.0/,
  );
});

test('before the first release the gate judges info.version as `keel ship --dry-run` would, without asking for a commit', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'keel-ship-stage-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await cp(fileURLToPath(new URL('good/', fixtures)), root, { recursive: true });
  await rm(join(root, 'releases'), { recursive: true });
  // Not a git repository, and never released: `keel ship` would refuse for want of a commit; the gate does not.
  const [first] = await runGates(await loadProject(root), [shipStage], stages);
  assert.deepEqual(first?.findings, []);
  assert.equal(first?.passed, true);
  // A version older than the last release is refused as `keel ship` refuses it (a folder's name is its version).
  await cp(fileURLToPath(new URL('good/releases/1.0.0/', fixtures)), join(root, 'releases/2.0.0'), { recursive: true });
  const [older] = await runGates(await loadProject(root), [shipStage], stages);
  assert.match(messagesOf(older?.findings, 'ship/version'), /1\.0\.0 is not newer than the last release 2\.0\.0/);
});
