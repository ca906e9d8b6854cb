import { execFile } from 'node:child_process';
import { isAbsolute, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { KeelError } from '../errors/index.ts';
import type { ManagedFile } from './managed-file.ts';

const run = promisify(execFile);

/** The events `keel agents gate --hook` answers: git's pre-commit, Claude Code's and Cursor's. */
export const hookEvents = [
  'git-pre-commit',
  'claude-stop',
  'claude-pre-tool-use',
  'cursor-stop',
  'cursor-before-shell',
] as const;
export type HookEvent = (typeof hookEvents)[number];

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
