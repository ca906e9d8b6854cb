/**
 * The events `keel agents gate --hook` answers, each in its agent's protocol: git's pre-commit, Claude Code's,
 * Cursor's, Gemini CLI's and GitHub Copilot's (coding agent and CLI).
 */
export const hookEvents = [
  'git-pre-commit',
  'claude-stop',
  'claude-pre-tool-use',
  'cursor-stop',
  'cursor-before-shell',
  'gemini-after-agent',
  'gemini-before-tool',
  'copilot-agent-stop',
  'copilot-pre-tool-use',
] as const;
export type HookEvent = (typeof hookEvents)[number];
