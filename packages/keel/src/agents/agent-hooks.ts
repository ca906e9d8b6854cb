import { execFile } from 'node:child_process';
import { isAbsolute, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { KeelError } from '../errors/index.ts';
import type { HookEvent } from './hook-events.ts';
import type { ManagedFile } from './managed-file.ts';

const run = promisify(execFile);

export { hookEvents, type HookEvent } from './hook-events.ts';

/** Hooks re-run the gates themselves (`--recheck`), so evidence written by hand cannot get a change past them. */
export function gateCommand(event: HookEvent, dir: string): string {
  return `npx --no-install keel agents gate --hook ${event} --recheck ${dir}`;
}

/**
 * The git pre-commit hook, in the repository's hooks folder (core.hooksPath is honoured): Keel's lines go right after
 * the shebang of an existing hook, so an `exit 0` further down cannot skip them. Undefined outside a git repository.
 */
export async function gitPreCommitHook(root: string): Promise<ManagedFile | undefined> {
  let hooks: string;
  let top: string;
  try {
    const [{ stdout: hooksPath }, { stdout: topLevel }] = await Promise.all([
      run('git', ['rev-parse', '--git-path', 'hooks'], { cwd: root }),
      run('git', ['rev-parse', '--show-toplevel'], { cwd: root }),
    ]);
    hooks = hooksPath.trim();
    top = topLevel.trim();
  } catch {
    return undefined;
  }
  const hookFile = join(isAbsolute(hooks) ? hooks : join(root, hooks), 'pre-commit');
  const project = relative(top, root).split('\\').join('/') || '.';
  return {
    path: relative(root, hookFile).split('\\').join('/'),
    parts: [
      '#!/bin/sh\n',
      {
        region: 'gate',
        style: 'hash',
        content: [
          '# Keel: refuse the commit while a stage the staged change touches is failing (keel agents install --hooks).',
          `(cd ${shellQuote(project)} && ${gateCommand('git-pre-commit', '.')}) || exit 1`,
        ].join('\n'),
      },
    ],
    intoExisting: 'after-shebang',
    mode: 0o755,
  };
}

interface HookHandler {
  readonly type: string;
  readonly command?: string;
  readonly [key: string]: unknown;
}
interface MatcherGroup {
  readonly matcher?: string;
  readonly hooks?: readonly HookHandler[];
  readonly [key: string]: unknown;
}

/**
 * `.claude/settings.json` with Keel's Stop and PreToolUse (Bash) hooks: exit code 2 blocks and hands stderr to Claude.
 * Other settings and other hooks are kept; Keel's own entries (recognised by their command) are replaced.
 */
export function claudeSettingsWithHooks(existing: string | undefined, path: string): string {
  const settings = jsonObject(existing, path);
  const hooks = { ...((settings['hooks'] ?? {}) as Record<string, readonly MatcherGroup[]>) };
  const ours = (group: MatcherGroup) => (group.hooks ?? []).some((hook) => hook.command?.includes('keel agents gate'));
  const handler = (event: HookEvent) => ({
    type: 'command',
    command: gateCommand(event, '"$CLAUDE_PROJECT_DIR"'),
    timeout: 600,
  });
  hooks['Stop'] = [...(hooks['Stop'] ?? []).filter((group) => !ours(group)), { hooks: [handler('claude-stop')] }];
  hooks['PreToolUse'] = [
    ...(hooks['PreToolUse'] ?? []).filter((group) => !ours(group)),
    { matcher: 'Bash', hooks: [handler('claude-pre-tool-use')] },
  ];
  return JSON.stringify({ ...settings, hooks }, null, 2) + '\n';
}

interface CursorHook {
  readonly command?: string;
  readonly [key: string]: unknown;
}

/**
 * `.cursor/hooks.json` (version 1) with Keel's `stop` hook (a `followup_message` sends the agent back to work) and
 * `beforeShellExecution` hook (`permission: deny` for a `git commit`). Other hooks are kept.
 */
export function cursorHooksWithGate(existing: string | undefined, path: string): string {
  const settings = jsonObject(existing, path);
  const hooks = { ...((settings['hooks'] ?? {}) as Record<string, readonly CursorHook[]>) };
  const others = (event: string) => (hooks[event] ?? []).filter((hook) => !hook.command?.includes('keel agents gate'));
  hooks['stop'] = [...others('stop'), { command: gateCommand('cursor-stop', '.') }];
  hooks['beforeShellExecution'] = [
    ...others('beforeShellExecution'),
    { command: gateCommand('cursor-before-shell', '.') },
  ];
  return JSON.stringify({ ...settings, version: 1, hooks }, null, 2) + '\n';
}

/** Whether a hook entry is Keel's: its command runs the gate. */
const runsKeelGate = (text: unknown): boolean => typeof text === 'string' && text.includes('keel agents gate');

/**
 * `.gemini/settings.json` with Keel's `AfterAgent` hook (a `deny` decision rejects the turn's answer and sends the
 * reason back as the next prompt) and `BeforeTool` hook on `run_shell_command` (a `deny` blocks a `git commit`).
 * Format: `hooks.<Event>[]` groups of `{ matcher?, hooks: [{ name, type: command, command, timeout (ms) }] }`, with
 * `$GEMINI_PROJECT_DIR` set for the command (geminicli.com/docs/hooks, docs/hooks/reference.md of
 * google-gemini/gemini-cli). Other settings, other hooks and non-event keys of `hooks` (`disabled`) are kept.
 */
export function geminiSettingsWithHooks(existing: string | undefined, path: string): string {
  const settings = jsonObject(existing, path);
  const hooks = { ...((settings['hooks'] ?? {}) as Record<string, unknown>) };
  const others = (event: string) =>
    (Array.isArray(hooks[event]) ? (hooks[event] as MatcherGroup[]) : []).filter(
      (group) => !(group.hooks ?? []).some((hook) => runsKeelGate(hook.command)),
    );
  const handler = (event: HookEvent, description: string) => ({
    name: `keel-${event}`,
    type: 'command',
    command: gateCommand(event, '"$GEMINI_PROJECT_DIR"'),
    description,
    timeout: 600_000,
  });
  hooks['AfterAgent'] = [
    ...others('AfterAgent'),
    { hooks: [handler('gemini-after-agent', 'Keel: the turn is not done while a stage it touched is not passing')] },
  ];
  hooks['BeforeTool'] = [
    ...others('BeforeTool'),
    {
      matcher: 'run_shell_command',
      hooks: [handler('gemini-before-tool', 'Keel: no git commit while a stage the change touched is not passing')],
    },
  ];
  return JSON.stringify({ ...settings, hooks }, null, 2) + '\n';
}

interface CopilotHook {
  readonly bash?: string;
  readonly powershell?: string;
  readonly [key: string]: unknown;
}

/** Where Keel's GitHub Copilot hooks live: a file of its own among the repository's `.github/hooks/*.json`. */
export const copilotHooksPath = '.github/hooks/keel.json';

/**
 * `.github/hooks/keel.json` (version 1) for Copilot's coding agent and Copilot CLI: `agentStop`, answered with
 * `decision: block` and a `reason` that becomes the next prompt, and `preToolUse`, answered with
 * `permissionDecision: deny` for a `git commit` (docs.github.com: Copilot CLI hooks reference, "Using hooks with
 * GitHub Copilot agents"). Command hooks give a `bash` command, a `cwd` relative to the repository root and
 * `timeoutSec`; a hook that exits non-zero is ignored, so the gate answers in JSON with exit 0. Other events of the
 * file are kept.
 */
export function copilotHooksWithGate(existing: string | undefined, path: string): string {
  const settings = jsonObject(existing, path);
  const hooks = { ...((settings['hooks'] ?? {}) as Record<string, readonly CopilotHook[]>) };
  const others = (event: string) =>
    (hooks[event] ?? []).filter((hook) => !runsKeelGate(hook.bash) && !runsKeelGate(hook.powershell));
  const handler = (event: HookEvent) => ({
    type: 'command',
    bash: gateCommand(event, '.'),
    powershell: gateCommand(event, '.'),
    cwd: '.',
    timeoutSec: 600,
  });
  hooks['agentStop'] = [...others('agentStop'), handler('copilot-agent-stop')];
  hooks['preToolUse'] = [...others('preToolUse'), handler('copilot-pre-tool-use')];
  return JSON.stringify({ ...settings, version: 1, hooks }, null, 2) + '\n';
}

/** An agent's JSON settings file as an object (absent or empty: {}); anything else is KEEL_AGENT_SETTINGS_INVALID. */
function jsonObject(existing: string | undefined, path: string): Record<string, unknown> {
  if (existing === undefined || existing.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(existing);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new KeelError('KEEL_AGENT_SETTINGS_INVALID', `${path} is not a JSON object: ${(error as Error).message}`, {
      location: { file: path },
    });
  }
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
