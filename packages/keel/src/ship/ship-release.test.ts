import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkStages } from '../journey/check-stages.ts';
import type { Stage } from '../journey/stage.ts';
import { loadProject } from '../project/index.ts';
import type { ReleaseRecord } from './release-record.ts';
import { planRelease, writeRelease } from './ship-release.ts';
import { createShopProject, writeRelease2, type ShopProject } from './test-project.ts';

const rulesOf = (plan: { findings: readonly { rule: string }[] }): string[] => plan.findings.map((f) => f.rule);

async function shipped(shop: ShopProject, stages: readonly Stage[] = []) {
  const project = await loadProject(shop.root);
  const plan = await planRelease(project, stages);
  return { project, plan };
}

test('a first release writes the record, the contract snapshot, the rollback plan and a bundle that validates', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const { project, plan } = await shipped(shop);
  assert.deepEqual(plan.findings, []);
  assert.equal(plan.ok, true);
  const folder = await writeRelease(project, plan);
  assert.equal(folder, 'releases/1.0.0');
  const record = JSON.parse(await readFile(join(shop.root, folder, 'release.json'), 'utf8')) as ReleaseRecord;
  assert.equal(record.version, '1.0.0');
  assert.match(record.commit?.sha ?? '', /^[0-9a-f]{40}$/);
  assert.equal(record.previous, null);
  assert.deepEqual(record.migrations, {
    level: 1,
    previousLevel: 0,
    all: [{ version: 1, file: '0001_items.sql', checksum: record.migrations.all[0]?.checksum }],
  });
  // Stages this Keel has no gate for (here: all, since the test passes none) are recorded as such, never as passed.
  assert.ok(record.gates.every((gate) => gate.state === 'not-available'));
  for (const file of [
    'contract/openapi.yaml',
    'ROLLBACK.md',
    'RELEASE.md',
    'deploy/server.mjs',
    'deploy/Dockerfile',
    'deploy/k8s/00-migrate-job.yaml',
    'deploy/k8s/10-deployment.yaml',
    'deploy/monitoring/prometheus-rules.yaml',
    'deploy/monitoring/grafana-dashboard.json',
  ]) {
    assert.ok(existsSync(join(shop.root, folder, file)), `${file} is written`);
  }
  // Every artifact's hash is recorded, and matches the file.
  const { sha256 } = await import('../journey/input-files.ts');
  for (const [path, hash] of Object.entries(record.artifacts)) {
    assert.equal(sha256(await readFile(join(shop.root, path))), hash, path);
  }
  assert.equal(record.rollback.to, null);
  assert.deepEqual(
    record.rollback.steps.map((step) => step.losses.map((loss) => loss.object)),
    [['table items']],
  );
  const again = await planRelease(project, []);
  assert.ok(rulesOf(again).includes('ship/version'), 'a release is never rewritten');
});

test('an additive second release passes; its changelog and rollback plan name the change and what it would lose', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const first = await shipped(shop);
  await writeRelease(first.project, first.plan);
  shop.commit('release 1.0.0 record');
  await writeRelease2(shop);
  shop.commit('colour');
  const { project, plan } = await shipped(shop);
  assert.deepEqual(plan.findings, []);
  const record = plan.record;
  assert.equal(record?.previous?.version, '1.0.0');
  assert.equal(record?.bump, 'minor');
  assert.equal(record?.requiredBump, 'minor');
  assert.deepEqual(record?.migrations.previousLevel, 1);
  assert.ok(record?.changelog.some((entry) => entry.kind === 'non-breaking' && /colour/.test(entry.text)));
  assert.deepEqual(record?.rollback.to, '1.0.0');
  assert.deepEqual(
    record?.rollback.steps.map((step) => [step.file, step.losses.map((loss) => loss.check)]),
    [['migrations/0002_item_colour.sql', ['select count(*) from items where colour is not null;']]],
  );
  await writeRelease(project, plan);
  const rollback = await readFile(join(shop.root, 'releases/1.1.0/ROLLBACK.md'), 'utf8');
  assert.match(rollback, /keel rollback 1\.0\.0/);
  assert.match(rollback, /drops column items\.colour/);
});

test('a breaking contract change without a major bump is refused', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const first = await shipped(shop);
  await writeRelease(first.project, first.plan);
  const contract = await readFile(join(shop.root, 'openapi.yaml'), 'utf8');
  // Dropping the list operation breaks its clients; 1.1.0 is only a minor bump.
  const withoutList = contract
    .replace(/ {4}get:\n[\s\S]*?(?= {4}post:)/, '')
    .replace('version: 1.0.0', 'version: 1.1.0');
  await shop.write('openapi.yaml', withoutList);
  shop.commit('drop list');
  const { plan } = await shipped(shop);
  assert.equal(plan.ok, false);
  const finding = plan.findings.find((f) => f.rule === 'ship/version-bump');
  assert.ok(finding, rulesOf(plan).join(', '));
  assert.match(finding.message, /needs major/);
  assert.match(finding.fix, /2\.0\.0/);
  assert.ok(!existsSync(join(shop.root, 'releases/1.1.0')), 'nothing is written');
});

test('a migration without a down step is refused, and so is an edited released migration', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const first = await shipped(shop);
  await writeRelease(first.project, first.plan);
  await shop.write('openapi.yaml', (await readFile(join(shop.root, 'openapi.yaml'), 'utf8')).replace('1.0.0', '1.0.1'));
  await shop.write(
    'migrations/0002_index.sql',
    '-- migrate:up\ncreate index items_name on items (name);\n-- migrate:down\n',
  );
  await shop.write(
    'migrations/0001_items.sql',
    (await readFile(join(shop.root, 'migrations/0001_items.sql'), 'utf8')) + '-- edited\n',
  );
  shop.commit('no down');
  const { plan } = await shipped(shop);
  assert.deepEqual(
    plan.findings
      .filter((f) => f.rule.startsWith('ship/migration') || f.rule.startsWith('ship/released'))
      .map((f) => [f.rule, f.location.file]),
    [
      ['ship/released-migration-changed', 'migrations/0001_items.sql'],
      ['ship/migration-without-down', 'migrations/0002_index.sql'],
    ],
  );
});

test('expand and contract: dropping a column the previous release’s code uses is refused, once it stops using it allowed', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  await writeRelease2(shop);
  await shop.write('openapi.yaml', (await readFile(join(shop.root, 'openapi.yaml'), 'utf8')).replace('1.1.0', '1.0.0'));
  shop.commit('with colour');
  const first = await shipped(shop);
  assert.deepEqual(first.plan.findings, []);
  await writeRelease(first.project, first.plan);
  shop.commit('release 1.0.0');
  const drop =
    '-- migrate:up\n-- keel:allow model/destructive-change colour is unused since 1.1.0\nalter table items drop column colour;\n-- migrate:down\nalter table items add column colour text;\n';
  await shop.write('migrations/0003_drop_colour.sql', drop);
  await shop.write('openapi.yaml', (await readFile(join(shop.root, 'openapi.yaml'), 'utf8')).replace('1.0.0', '2.0.0'));
  shop.commit('drop colour in the same release');
  const { plan } = await shipped(shop);
  const finding = plan.findings.find((f) => f.rule === 'ship/expand-contract');
  assert.ok(finding, rulesOf(plan).join(', '));
  assert.match(finding.message, /drops column items\.colour/);
  assert.match(
    finding.message,
    /release 1\.0\.0, which keeps serving during the rollout, still uses it \(handlers\.mjs:\d+/,
  );
  assert.equal(finding.location.file, 'migrations/0003_drop_colour.sql');

  // Expand and contract: 2.0.0 stops using colour (code and contract), 2.1.0 drops it.
  await shop.remove('migrations/0003_drop_colour.sql');
  await shop.write(
    'handlers.mjs',
    (await readFile(join(shop.root, 'handlers.mjs'), 'utf8'))
      .replaceAll(", 'colour'", '')
      .replace(', colour: body.colour ?? null', ''),
  );
  const contract = (await readFile(join(shop.root, 'openapi.yaml'), 'utf8')).replace(
    /\n {8}colour:\n {10}type: \[string, "null"\]\n {10}maxLength: 20/g,
    '',
  );
  assert.doesNotMatch(contract, /colour/);
  await shop.write('openapi.yaml', contract); // 2.0.0: a response field removed is breaking
  shop.commit('stop using colour');
  const middle = await shipped(shop);
  assert.ok(!rulesOf(middle.plan).includes('ship/expand-contract'), rulesOf(middle.plan).join(', '));
  assert.deepEqual(middle.plan.findings, []);
  await writeRelease(middle.project, middle.plan);
  shop.commit('release 2.0.0');
  await shop.write('migrations/0003_drop_colour.sql', drop);
  await shop.write('openapi.yaml', contract.replace('2.0.0', '2.1.0'));
  shop.commit('drop colour');
  const last = await shipped(shop);
  assert.ok(!rulesOf(last.plan).includes('ship/expand-contract'), rulesOf(last.plan).join(', '));
});

test('uncommitted changes and stale earlier stages are refused, naming the command that fixes them', async (t) => {
  const shop = await createShopProject();
  t.after(() => shop.cleanup());
  const notes: Stage<{ ok: boolean }> = {
    id: 'requirements',
    title: 'notes',
    summary: 'a stage for the test',
    dependsOn: [],
    start: 'Write notes.txt.',
    artifacts: () => ['notes.txt'],
    inputs: () => ['notes.txt'],
    loaderRules: [],
    load: () => Promise.resolve({ model: { ok: true }, issues: [] }),
    rules: [],
  };
  await shop.write('notes.txt', 'one\n');
  shop.commit('notes');
  const project = await loadProject(shop.root);
  await checkStages(project, [notes], [notes]);
  assert.deepEqual((await planRelease(project, [notes])).findings, []);
  await shop.write('notes.txt', 'two\n');
  const { findings } = await planRelease(project, [notes]);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.message.replace(/[0-9a-f]{12}/, 'SHA'), f.fix]),
    [
      [
        'ship/uncommitted',
        'the working tree has uncommitted changes on top of SHA',
        'Commit the changes (`git status` lists them), then ship.',
      ],
      [
        'ship/stage-not-passing',
        'stage requirements is stale: notes.txt changed',
        'Run `keel check requirements`, then ship again.',
      ],
    ],
  );
});
