import type { HookEvent } from './hook-events.ts';

/** What a hook process says back: its stdout, its stderr and its exit code, in the agent's own protocol. */
export interface HookAnswer {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exitCode: number;
}

/** The JSON an agent sends its hook on stdin (empty when a person runs the command). */
export type HookInput = Readonly<Record<string, unknown>>;

const commitCommand = /\bgit\b[^|;&\n]*\bcommit\b/;

/**
 * Whether the hook has a verdict to give. Stop events always do; the hooks before a tool or shell command judge only
 * a shell `git commit`, and let every other call through without running a gate.
 */
export function hookJudges(event: HookEvent, input: HookInput): boolean {
  const command = shellCommandOf(event, input);
  return command === null || (command !== undefined && commitCommand.test(command));
}

/**
 * The shell command a before-tool event is about: null for events that are not about a tool call, undefined for a
 * tool that is not a shell (or a call without a command).
 */
function shellCommandOf(event: HookEvent, input: HookInput): string | null | undefined {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  switch (event) {
    case 'claude-pre-tool-use':
      return input['tool_name'] === 'Bash' ? text(field(input['tool_input'], 'command')) : undefined;
    case 'cursor-before-shell':
      return text(input['command']);
    case 'gemini-before-tool':
      // Gemini CLI's shell tool is run_shell_command; its arguments arrive as tool_input.
      return input['tool_name'] === 'run_shell_command' ? text(field(input['tool_input'], 'command')) : undefined;
    case 'copilot-pre-tool-use': {
      // Copilot's camelCase payload names the tool `bash` (or `powershell`), with toolArgs a JSON string in older
      // releases and an object in newer ones; the VS Code-compatible payload uses tool_name and tool_input.
      const tool = input['toolName'] ?? input['tool_name'];
      if (tool !== 'bash' && tool !== 'powershell') return undefined;
      return text(field(parsedArgs(input['toolArgs'] ?? input['tool_input']), 'command'));
    }
    default:
      return null;
  }
}

function parsedArgs(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The answer to the agent: `message` names the stages to fix when the gate blocks, and is undefined when the hook lets
 * the agent stop or run the command. Agents whose hooks speak JSON get JSON on stdout and exit 0 (Copilot ignores a
 * failing hook, Gemini CLI prefers JSON); an allowed tool call gets no decision, so the agent's own permission rules
 * still apply.
 */
export function hookAnswer(event: HookEvent, message: string | undefined): HookAnswer {
  const json = (value: object): HookAnswer => ({ stdout: `${JSON.stringify(value)}\n`, exitCode: 0 });
  switch (event) {
    case 'git-pre-commit':
      return message === undefined ? { exitCode: 0 } : { stderr: `${message}\n`, exitCode: 1 };
    case 'claude-stop':
    case 'claude-pre-tool-use':
      // Exit code 2 blocks, and Claude Code hands stderr to Claude.
      return message === undefined ? { exitCode: 0 } : { stderr: `${message}\n`, exitCode: 2 };
    case 'cursor-stop':
      return json(message === undefined ? {} : { followup_message: message });
    case 'cursor-before-shell':
      return json(
        message === undefined
          ? { permission: 'allow' }
          : { permission: 'deny', user_message: message, agent_message: message },
      );
    case 'gemini-after-agent':
    case 'gemini-before-tool':
      // AfterAgent: deny rejects the turn's answer and sends `reason` back as a new prompt; BeforeTool: deny blocks
      // the tool and sends `reason` to the agent (geminicli.com/docs/hooks/reference).
      return json(message === undefined ? {} : { decision: 'deny', reason: message });
    case 'copilot-agent-stop':
      // block forces another turn with `reason` as its prompt (GitHub Copilot CLI hooks reference).
      return json(message === undefined ? {} : { decision: 'block', reason: message });
    case 'copilot-pre-tool-use':
      return json(message === undefined ? {} : { permissionDecision: 'deny', permissionDecisionReason: message });
  }
}
