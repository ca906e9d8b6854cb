import type { Command } from 'commander';
import { errorOutput, jsonOutputs, schemaVersion } from './json-outputs.ts';

/** Each command with `--json`, by its path under `keel` (`db migrate`), depth first. */
export function commandsWithJson(program: Command): Map<string, Command> {
  const found = new Map<string, Command>();
  const visit = (command: Command, path: readonly string[]): void => {
    if (command.options.some((option) => option.long === '--json')) found.set(path.join(' '), command);
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  for (const command of program.commands) visit(command, [command.name()]);
  return found;
}

/** Ends each `--json` command's help with the schema its output follows, and its version. */
export function addJsonOutputHelp(program: Command): void {
  for (const [path, command] of commandsWithJson(program)) {
    const output = jsonOutputs.find((candidate) => candidate.command === path);
    if (output === undefined) continue;
    command.addHelpText(
      'after',
      `
The --json output follows schemas/${output.file} of the keel package (version ${String(schemaVersion(output.schema))}:
${output.schema.$id}); an error follows schemas/${errorOutput.file}. See docs/json-output.md.`,
    );
  }
}
