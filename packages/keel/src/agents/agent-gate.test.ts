import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { evidenceDigest } from '../journey/evidence.ts';
import { sha256 } from '../journey/input-files.ts';

// The hooks as Claude Code and git run them: `keel agents gate` in a child process, with the hook's JSON on stdin.
const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));
const flagship = fileURLToPath(new URL('../../../../examples/bookings/', import.meta.url));
const run = promisify(execFile);

let root: string;
let good: string;
const broken = (text: string) => text.replace(/^(\s+)actor: .*$/m, '$1actor: nobody-declared');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function keel(args: readonly string[], stdin = ''): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const git = (...args: string[]) =>
  run('git', ['-c', 'user.name=Keel', '-c', 'user.email=keel@example.com', ...args], { cwd: root });

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-gate-'));
  await cp(join(flagship, 'requirements.yaml'), join(root, 'requirements.yaml'));
  await writeFile(join(root, 'keel.yaml'), 'name: gate-test\n');
  await writeFile(join(root, '.gitignore'), 'node_modules/\n.keel/\n');
  good = await readFile(join(root, 'requirements.yaml'), 'utf8');
  await git('init', '-q');
  await git('add', '.');
  await git('commit', '-q', '-m', 'requirements');
});
after(() => rm(root, { recursive: true, force: true }));

test('the Stop hook blocks (exit 2, the reason on stderr) while a stage the change touched fails, and lets a passing one stop', async () => {
  await writeFile(join(root, 'requirements.yaml'), broken(good));
  const blocked = await keel(
    ['agents', 'gate', '--hook', 'claude-stop', '--recheck', '.'],
    '{"stop_hook_active":false}',
  );
  assert.equal(blocked.code, 2, blocked.stdout + blocked.stderr);
  assert.match(blocked.stderr, /requirements is failing \(\d+ errors?\): run `keel check requirements`/);
  assert.equal(blocked.stdout, '');

  await writeFile(join(root, 'requirements.yaml'), good.replace('\n', '\n# reworded\n'));
  const allowed = await keel(['agents', 'gate', '--hook', 'claude-stop', '--recheck', '.'], '{}');
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(allowed.stderr, '');
});

test('evidence written by hand gets nothing past a hook: --recheck runs the gate again', async () => {
  await writeFile(join(root, 'requirements.yaml'), good);
  assert.equal((await keel(['check', 'requirements', '.'])).code, 0);
  const text = broken(good);
  await writeFile(join(root, 'requirements.yaml'), text);
  // The forgery: the evidence claims the broken file passed.
  const evidencePath = join(root, '.keel/evidence/requirements.json');
  const evidence = JSON.parse(await readFile(evidencePath, 'utf8')) as {
    inputs: Record<string, string>;
    digest: string;
  };
  evidence.inputs['requirements.yaml'] = sha256(text);
  evidence.digest = evidenceDigest(evidence.inputs, []);
  await writeFile(evidencePath, JSON.stringify(evidence));
  const believed = await keel(['agents', 'gate', '--json', '.']);
  assert.equal(believed.code, 0, 'without --recheck the gate reads the evidence as it stands');
  const rechecked = await keel(['agents', 'gate', '--recheck', '--json', '.']);
  assert.equal(rechecked.code, 1);
  const verdict = JSON.parse(rechecked.stdout) as { ok: boolean; rechecked: boolean; blocking: { stage: string }[] };
  assert.deepEqual(
    { ok: verdict.ok, rechecked: verdict.rechecked, blocking: verdict.blocking.map((stage) => stage.stage) },
    { ok: false, rechecked: true, blocking: ['requirements'] },
  );
});

test('the PreToolUse hook judges only git commit', async () => {
  await writeFile(join(root, 'requirements.yaml'), broken(good));
  const other = await keel(
    ['agents', 'gate', '--hook', 'claude-pre-tool-use', '--recheck', '.'],
    JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'npm test' } }),
  );
  assert.equal(other.code, 0, other.stderr);
  const commit = await keel(
    ['agents', 'gate', '--hook', 'claude-pre-tool-use', '--recheck', '.'],
    JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'git add -A && git commit -m "done"' } }),
  );
  assert.equal(commit.code, 2);
  assert.match(commit.stderr, /keel check requirements/);
});

test('Cursor’s hooks answer in JSON: a follow-up message for stop, deny for a git commit', async () => {
  await writeFile(join(root, 'requirements.yaml'), broken(good));
  const stop = await keel(['agents', 'gate', '--hook', 'cursor-stop', '--recheck', '.'], '{"status":"completed"}');
  assert.equal(stop.code, 0, stop.stderr);
  assert.match((JSON.parse(stop.stdout) as { followup_message: string }).followup_message, /keel check requirements/);
  const shell = (command: string) =>
    keel(['agents', 'gate', '--hook', 'cursor-before-shell', '--recheck', '.'], JSON.stringify({ command, cwd: root }));
  assert.deepEqual(JSON.parse((await shell('npm test')).stdout), { permission: 'allow' });
  const commit = JSON.parse((await shell('git commit -m wip')).stdout) as { permission: string; agent_message: string };
  assert.equal(commit.permission, 'deny');
  assert.match(commit.agent_message, /requirements is failing/);

  await writeFile(join(root, 'requirements.yaml'), good);
  assert.deepEqual(
    JSON.parse((await keel(['agents', 'gate', '--hook', 'cursor-stop', '--recheck', '.'], '{}')).stdout),
    {},
  );
});

test('Gemini CLI’s hooks answer in JSON: deny sends the turn back, and blocks a shell git commit', async () => {
  const gate = (event: string, input: object) =>
    keel(['agents', 'gate', '--hook', event, '--recheck', '.'], JSON.stringify(input));
  const shell = (command: string, tool = 'run_shell_command') =>
    gate('gemini-before-tool', { hook_event_name: 'BeforeTool', tool_name: tool, tool_input: { command } });
  const turn = { hook_event_name: 'AfterAgent', prompt: 'add rooms', prompt_response: 'Done.', stop_hook_active: true };

  await writeFile(join(root, 'requirements.yaml'), broken(good));
  const after = await gate('gemini-after-agent', turn);
  assert.equal(after.code, 0, after.stderr);
  const retry = JSON.parse(after.stdout) as { decision: string; reason: string };
  assert.equal(retry.decision, 'deny');
  assert.match(retry.reason, /requirements is failing .*run `keel check requirements`/);
  const commit = await shell('git add -A && git commit -m "rooms"');
  assert.equal(commit.code, 0, commit.stderr);
  assert.equal((JSON.parse(commit.stdout) as { decision: string }).decision, 'deny');
  assert.deepEqual(JSON.parse((await shell('npm test')).stdout), {});
  assert.deepEqual(JSON.parse((await shell('git commit -m x', 'write_file')).stdout), {});

  await writeFile(join(root, 'requirements.yaml'), good);
  assert.deepEqual(JSON.parse((await gate('gemini-after-agent', turn)).stdout), {});
  assert.deepEqual(JSON.parse((await shell('git commit -m "rooms"')).stdout), {});
});

test('Copilot’s hooks answer in JSON with exit 0: agentStop blocks, preToolUse denies a git commit', async () => {
  const gate = (event: string, input: object) =>
    keel(['agents', 'gate', '--hook', event, '--recheck', '.'], JSON.stringify(input));
  const stop = {
    sessionId: 's1',
    timestamp: 1704614400000,
    cwd: root,
    transcriptPath: '/tmp/t',
    stopReason: 'end_turn',
  };
  // toolArgs is a JSON string in Copilot CLI's camelCase payload; an object is read too.
  const tool = (toolName: string, toolArgs: unknown) =>
    gate('copilot-pre-tool-use', { sessionId: 's1', timestamp: 1704614400000, cwd: root, toolName, toolArgs });

  await writeFile(join(root, 'requirements.yaml'), broken(good));
  const stopped = await gate('copilot-agent-stop', stop);
  assert.equal(stopped.code, 0, stopped.stderr);
  const blocked = JSON.parse(stopped.stdout) as { decision: string; reason: string };
  assert.equal(blocked.decision, 'block');
  assert.match(blocked.reason, /requirements is failing .*run `keel check requirements`/);
  for (const args of [JSON.stringify({ command: 'git commit -m wip' }), { command: 'git commit -m wip' }]) {
    const denied = JSON.parse((await tool('bash', args)).stdout) as {
      permissionDecision: string;
      permissionDecisionReason: string;
    };
    assert.equal(denied.permissionDecision, 'deny');
    assert.match(denied.permissionDecisionReason, /keel check requirements/);
  }
  // No decision for other calls: Copilot's own permission rules still apply.
  assert.deepEqual(JSON.parse((await tool('bash', JSON.stringify({ command: 'npm test' }))).stdout), {});
  assert.deepEqual(JSON.parse((await tool('edit', JSON.stringify({ command: 'git commit' }))).stdout), {});

  await writeFile(join(root, 'requirements.yaml'), good);
  assert.deepEqual(JSON.parse((await gate('copilot-agent-stop', stop)).stdout), {});
  assert.deepEqual(JSON.parse((await tool('bash', JSON.stringify({ command: 'git commit -m ok' }))).stdout), {});
});

test('the installed git pre-commit hook refuses a commit while the staged change fails its gate', async () => {
  // `npx --no-install keel` in the hook finds the project's keel, as in a project that depends on it.
  await mkdir(join(root, 'node_modules/.bin'), { recursive: true });
  await writeFile(join(root, 'package.json'), '{ "name": "gate-test", "private": true }\n');
  const wrapper = join(root, 'node_modules/.bin/keel');
  await writeFile(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  await chmod(wrapper, 0o755);
  const install = await keel(['agents', 'install', '--agent', 'claude', '--hooks', '.']);
  assert.equal(install.code, 0, install.stderr);

  await writeFile(join(root, 'requirements.yaml'), broken(good));
  await git('add', 'requirements.yaml');
  await assert.rejects(git('commit', '-q', '-m', 'broken requirements'), (error: { stderr: string }) => {
    assert.match(error.stderr, /requirements is failing .*run `keel check requirements`/);
    return true;
  });
  await writeFile(join(root, 'requirements.yaml'), good.replace('\n', '\n# clarified\n'));
  await git('add', 'requirements.yaml');
  await git('commit', '-q', '-m', 'clarified requirements');
  const { stdout } = await git('log', '--format=%s', '-1');
  assert.equal(stdout.trim(), 'clarified requirements');
});
