import { Option, type Command } from 'commander';
import { hookEvents, type HookEvent } from '../../agents/hook-events.ts';
import { loadProject } from '../../project/index.ts';
import { createOutput, exitCodes } from '../output.ts';

/** `keel agents …`: playbooks for AI coding agents, and the gate their hooks run. */
export function registerAgentsCommands(program: Command): void {
  const agents = program
    .command('agents')
    .description('write the stage playbooks for AI coding agents, and hold agents to the gates with hooks');

  agents
    .command('install')
    .description('write one playbook per stage, plus the journey, in each agent’s own format')
    .argument('[dir]', 'the project folder', '.')
    .requiredOption('--agent <agents>', 'comma-separated: claude, copilot, codex, cursor, gemini, or all')
    .option(
      '--hooks',
      'also install the git pre-commit hook and the chosen agents’ hooks (Claude Code, Cursor, Gemini CLI, Copilot)',
    )
    .option('--json', 'print the files written as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel agents install --agent claude,codex
  keel agents install --agent all --hooks

What each agent gets:
  claude   .claude/skills/keel-<name>/SKILL.md                       (skills, /keel-<name>)
  copilot  .github/prompts/keel-<name>.prompt.md                    (prompt files, /keel-<name>)
           .github/instructions/keel-<stage>.instructions.md        (applied to the stage's files)
           .github/copilot-instructions.md                          (Keel's section: the journey)
  codex    AGENTS.md                                                (Keel's section: the journey, every stage)
  cursor   .cursor/rules/keel-<name>.mdc                            (the journey always, a stage on its files)
  gemini   .gemini/commands/keel/<name>.toml                        (/keel:<name>)
  --hooks  .git/hooks/pre-commit; for claude .claude/settings.json (Stop, PreToolUse on Bash); for cursor
           .cursor/hooks.json (stop, beforeShellExecution); for gemini .gemini/settings.json (AfterAgent,
           BeforeTool on run_shell_command); for copilot .github/hooks/keel.json (agentStop, preToolUse). All
           run \`keel agents gate\`, which blocks while a stage the change touched is not passing.

Keel writes between its keel:begin and keel:end markers and nowhere else: installing again updates them and keeps
every edit made outside. A file of Keel's name that has no markers is someone else's and is left alone (reported as
skipped). Front matter is written when a file is created, then left to you.`,
    )
    .action(async (dir: string, options: { agent: string; hooks?: boolean; json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const { installAgents, parseAgentList } = await import('../../agents/index.ts');
      const chosen = parseAgentList(options.agent);
      const project = await loadProject(dir);
      const { stages } = await import('../../journey/registry.ts');
      const files = await installAgents(project, stages, { agents: chosen, hooks: options.hooks === true });
      output.result({ ok: true, agents: chosen, files });
      const { style } = output;
      for (const file of files) {
        const mark =
          file.action === 'skipped'
            ? style.warn('skipped  ')
            : file.action === 'unchanged'
              ? style.dim('unchanged')
              : style.ok(file.action.padEnd(9));
        output.line(`${mark} ${file.path}${file.reason === undefined ? '' : style.dim(`  (${file.reason})`)}`);
      }
      const counts = (action: string) => files.filter((file) => file.action === action).length;
      output.line();
      output.line(
        `${String(counts('created'))} created, ${String(counts('updated'))} updated, ${String(counts('unchanged'))} unchanged, ${String(counts('skipped'))} skipped`,
      );
    });

  agents
    .command('show')
    .description('print a playbook (journey or a stage) as Markdown')
    .argument('<playbook>', 'journey, or a stage: requirements, architecture, contract, model, access, review, …')
    .argument('[dir]', 'the project folder (its paths fill the playbook)', '.')
    .option('--json', 'print the playbook’s model as JSON')
    .action(async (name: string, dir: string, options: { json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ buildPlaybooks, findPlaybook, renderPlaybook }, { stages }] = await Promise.all([
        import('../../agents/index.ts'),
        import('../../journey/registry.ts'),
      ]);
      const playbook = findPlaybook(buildPlaybooks(project, stages), name);
      output.result({ ok: true, playbook, markdown: renderPlaybook(playbook) });
      if (!output.json) process.stdout.write(renderPlaybook(playbook));
    });

  agents
    .command('gate')
    .description(
      'the hooks’ gate: fail while a stage the change touched is not passing (failing, stale, never checked)',
    )
    .argument('[dir]', 'the project folder', '.')
    .addOption(
      new Option(
        '--hook <event>',
        'answer as this hook: Claude Code (exit 2, reason on stderr), Cursor, Gemini CLI and Copilot (JSON on stdout), git (exit 1)',
      ).choices(hookEvents),
    )
    .option('--staged', 'judge the staged change only (default: every uncommitted change; git-pre-commit implies it)')
    .option('--recheck', 'run the touched stages’ gates first instead of trusting their evidence')
    .option('--json', 'print the verdict as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel agents gate                         what a hook would say now
  keel agents gate --recheck --json

A stage is touched when a changed file (git: staged, modified or untracked) is one of its inputs; outside git every
started stage counts. Hooks installed by \`keel agents install --hooks\` pass --recheck: the gates run again, so
evidence written by hand cannot get a change past them. The hooks before a tool or shell command (Claude Code's
PreToolUse, Cursor's beforeShellExecution, Gemini CLI's BeforeTool, Copilot's preToolUse) only judge \`git commit\`.`,
    )
    .action(async (dir: string, options: { hook?: HookEvent; staged?: boolean; recheck?: boolean; json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const event = options.hook;
      // The hook protocols first, alone: most tool calls are not a commit and need nothing more.
      const { hookAnswer, hookJudges } = await import('../../agents/hook-answers.ts');
      const answer = (message: string | undefined): void => {
        if (event === undefined) return;
        const { stdout, stderr, exitCode } = hookAnswer(event, message);
        if (stdout !== undefined) process.stdout.write(stdout);
        if (stderr !== undefined) process.stderr.write(stderr);
        process.exitCode = exitCode;
      };
      const input = event === undefined || event === 'git-pre-commit' ? {} : await readHookInput();
      if (event !== undefined && !hookJudges(event, input)) {
        answer(undefined);
        return;
      }
      const project = await loadProject(dir);
      const [agents, { stages }] = await Promise.all([
        import('../../agents/index.ts'),
        import('../../journey/registry.ts'),
      ]);
      const verdict = await agents.gateVerdict(project, stages, {
        scope: options.staged === true || event === 'git-pre-commit' ? 'staged' : 'uncommitted',
        recheck: options.recheck === true,
      });
      const message = verdict.ok ? undefined : agents.describeVerdict(verdict);
      if (event !== undefined) {
        answer(message);
        return;
      }
      output.result(verdict);
      if (message === undefined) {
        output.line(
          verdict.touched.length === 0
            ? 'No stage Keel checks is touched by the change.'
            : `${output.style.ok('ok')} touched and passing: ${verdict.touched.join(', ')}`,
        );
        return;
      }
      output.line(message);
      process.exitCode = exitCodes.gateFailed;
    });
}

/** The JSON an agent sends its hook on stdin; empty when there is none (a person running the command). */
async function readHookInput(): Promise<Record<string, unknown>> {
  if (process.stdin.isTTY) return {};
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
