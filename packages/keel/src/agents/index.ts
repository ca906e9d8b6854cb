export { describeVerdict, gateVerdict, type ChangeScope, type GateVerdict } from './agent-gate.ts';
export {
  claudeSettingsWithHooks,
  copilotHooksPath,
  copilotHooksWithGate,
  cursorHooksWithGate,
  gateCommand,
  geminiSettingsWithHooks,
  gitPreCommitHook,
  hookEvents,
  type HookEvent,
} from './agent-hooks.ts';
export { hookAnswer, hookJudges, type HookAnswer, type HookInput } from './hook-answers.ts';
export { buildPlaybooks, findPlaybook } from './build-playbooks.ts';
export {
  agentWriters,
  installAgents,
  parseAgentList,
  type InstalledFile,
  type InstallOptions,
} from './install-agents.ts';
export {
  mergeManagedFile,
  renderManagedFile,
  type ManagedFile,
  type ManagedRegion,
  type WriteAction,
} from './managed-file.ts';
export { agentNames, isAgentName, type AgentName, type Playbook, type PlaybookRule } from './playbook.ts';
export { renderPlaybook } from './render-playbook.ts';
