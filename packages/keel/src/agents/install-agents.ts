import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeelError } from '../errors/index.ts';
import type { Stage } from '../journey/stage.ts';
import type { Project } from '../project/index.ts';
import {
  claudeSettingsWithHooks,
  copilotHooksPath,
  copilotHooksWithGate,
  cursorHooksWithGate,
  geminiSettingsWithHooks,
  gitPreCommitHook,
} from './agent-hooks.ts';
import { buildPlaybooks } from './build-playbooks.ts';
import { mergeManagedFile, type ManagedFile, type WriteAction } from './managed-file.ts';
import { agentNames, isAgentName, type AgentName, type Playbook } from './playbook.ts';
import { agentsMd } from './writers/agents-md.ts';
import { claudeSkills } from './writers/claude-skills.ts';
import { copilotFiles } from './writers/copilot.ts';
import { cursorRules } from './writers/cursor-rules.ts';
import { geminiCommands } from './writers/gemini-commands.ts';

/** Each agent's writer: the playbooks in its native format. */
export const agentWriters: Readonly<Record<AgentName, (playbooks: readonly Playbook[]) => ManagedFile[]>> = {
  claude: claudeSkills,
  copilot: copilotFiles,
  codex: agentsMd,
  cursor: cursorRules,
  gemini: geminiCommands,
};

export interface InstalledFile {
  readonly path: string;
  readonly action: WriteAction;
  readonly reason?: string;
}

export interface InstallOptions {
  readonly agents: readonly AgentName[];
  /** Also the git pre-commit hook, and the chosen agents' hooks (Claude Code, Cursor, Gemini CLI, GitHub Copilot). */
  readonly hooks?: boolean;
}

/** `claude,copilot` or `all` → agent names; an unknown name is a KeelError and nothing is written. */
export function parseAgentList(list: string): AgentName[] {
  const names = list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.includes('all')) return [...agentNames];
  const unknown = names.filter((name) => !isAgentName(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new KeelError(
      'KEEL_AGENT_UNKNOWN',
      `${unknown.join(', ') || 'no agent'}: not an agent Keel writes playbooks for`,
      {
        fix: `Name one or more of: ${agentNames.join(', ')} (comma-separated), or all.`,
        extensions: { agents: agentNames },
      },
    );
  }
  return [...new Set(names)] as AgentName[];
}

/**
 * Writes the playbooks for the chosen agents (and the hooks when asked). Everything is planned, and every existing
 * file read and validated, before the first write: bad input changes nothing. Text outside Keel's markers is kept.
 */
export async function installAgents(
  project: Project,
  stages: readonly Stage[],
  options: InstallOptions,
): Promise<InstalledFile[]> {
  const playbooks = buildPlaybooks(project, stages);
  const files = options.agents.flatMap((agent) => agentWriters[agent](playbooks));
  if (options.hooks === true) {
    const hook = await gitPreCommitHook(project.root);
    if (hook !== undefined) files.push(hook);
  }
  const planned: { path: string; action: WriteAction; content: string; reason?: string; mode?: number }[] = [];
  for (const file of files) {
    const merged = mergeManagedFile(file, await readIfExists(join(project.root, file.path)));
    planned.push({
      path: file.path,
      action: merged.action,
      content: merged.content,
      ...(merged.reason === undefined ? {} : { reason: merged.reason }),
      ...(file.mode === undefined ? {} : { mode: file.mode }),
    });
  }
  const settings = [
    { agent: 'claude', path: '.claude/settings.json', merge: claudeSettingsWithHooks },
    { agent: 'cursor', path: '.cursor/hooks.json', merge: cursorHooksWithGate },
    { agent: 'gemini', path: '.gemini/settings.json', merge: geminiSettingsWithHooks },
    { agent: 'copilot', path: copilotHooksPath, merge: copilotHooksWithGate },
  ] as const;
  for (const { agent, path, merge } of settings) {
    if (options.hooks !== true || !options.agents.includes(agent)) continue;
    const existing = await readIfExists(join(project.root, path));
    const content = merge(existing, path);
    planned.push({
      path,
      action: existing === undefined ? 'created' : existing === content ? 'unchanged' : 'updated',
      content,
    });
  }
  for (const file of planned) {
    if (file.action !== 'created' && file.action !== 'updated') continue;
    const absolute = join(project.root, file.path);
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, file.content);
    if (file.mode !== undefined) await chmod(absolute, file.mode);
  }
  return planned.map(({ path, action, reason }) => ({ path, action, ...(reason === undefined ? {} : { reason }) }));
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
