import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runKeel } from '../cli/run-keel.ts';

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'keel-agents-cli-'));
});
after(() => rm(work, { recursive: true, force: true }));

test('keel init --agent with an unknown agent writes nothing', async () => {
  const dir = join(work, 'refused');
  const result = await runKeel(['init', dir, '--agent', 'claude,emacs']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /KEEL_AGENT_UNKNOWN: emacs/);
  assert.equal(existsSync(dir), false);
});

test('keel init --agent writes the project and the playbooks; keel agents install --json reports them unchanged', async () => {
  const dir = join(work, 'api');
  const init = await runKeel(['init', dir, '--agent', 'claude,codex', '--json']);
  assert.equal(init.code, 0, init.stderr);
  const files = (JSON.parse(init.stdout) as { files: string[] }).files;
  assert.ok(files.includes('AGENTS.md'));
  assert.ok(files.includes('.claude/skills/keel-requirements/SKILL.md'));
  assert.match(await readFile(join(dir, 'AGENTS.md'), 'utf8'), /keel check requirements/);

  const again = await runKeel(['agents', 'install', dir, '--agent', 'claude,codex', '--json']);
  assert.equal(again.code, 0, again.stderr);
  const report = JSON.parse(again.stdout) as { ok: boolean; files: { action: string }[] };
  assert.equal(report.ok, true);
  assert.ok(report.files.every((file) => file.action === 'unchanged'));
});

test('keel agents show prints a playbook; an unknown one is KEEL_PLAYBOOK_UNKNOWN', async () => {
  const shown = await runKeel(['agents', 'show', 'access', work]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^# Keel stage 5 of 9: Access control/);
  assert.match(shown.stdout, /`access\/[a-z-]+`/);
  const unknown = await runKeel(['agents', 'show', 'deploy', work, '--json']);
  assert.equal(unknown.code, 2);
  assert.equal((JSON.parse(unknown.stdout) as { error: { code: string } }).error.code, 'KEEL_PLAYBOOK_UNKNOWN');
});
