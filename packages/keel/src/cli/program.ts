import { Command, CommanderError } from 'commander';
import { addJsonOutputHelp } from '../agents/json-output/json-output-help.ts';
import { KeelError } from '../errors/index.ts';
import { registerAgentsCommands } from './commands/agents.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerContractCommands } from './commands/contract.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerGenCommand } from './commands/gen.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerJourneyCommand } from './commands/journey.ts';
import { registerMcpCommand } from './commands/mcp.ts';
import { registerMockCommand } from './commands/mock.ts';
import { registerReviewCommand } from './commands/review.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerRollbackCommand } from './commands/rollback.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerShipCommand } from './commands/ship.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerTestCommand } from './commands/test.ts';
import { registerTraceCommand } from './commands/trace.ts';
import { createOutput, exitCodes, reportError } from './output.ts';
import { keelVersion } from '../version.ts';

export { keelVersion };

/** Builds the `keel` command line. Each command lives in `commands/` and registers itself. */
export function createProgram(): Command {
  const program = new Command('keel')
    .description('Carry an HTTP API backend from a written requirement to a running, monitored service.')
    .version(keelVersion, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true })
    // `keel --version` before any command; after one, `--version` is that command's (keel ship --version 1.2.0).
    .enablePositionalOptions()
    .exitOverride();
  registerServeCommand(program);
  registerDbCommands(program);
  registerGenCommand(program);
  registerInitCommand(program);
  registerCheckCommand(program);
  registerContractCommands(program);
  registerStatusCommand(program);
  registerTraceCommand(program);
  registerJourneyCommand(program);
  registerReportCommand(program);
  registerMockCommand(program);
  registerReviewCommand(program);
  registerAgentsCommands(program);
  registerMcpCommand(program);
  registerShipCommand(program);
  registerRollbackCommand(program);
  registerTestCommand(program);
  registerAuditCommand(program);
  addJsonOutputHelp(program);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitCodes.ok;
      if (error.code === 'commander.help') return exitCodes.ok;
      // Commander has already printed its message; say it in Keel's terms too.
      const json = argv.includes('--json');
      return reportError(new KeelError('KEEL_USAGE', error.message.replace(/^error: /, '')), createOutput({ json }));
    }
    return reportError(error, createOutput({ json: argv.includes('--json') }));
  }
}
