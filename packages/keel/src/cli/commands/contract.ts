import { Option, type Command } from 'commander';
import { loadProject } from '../../project/index.ts';
import { createOutput, exitCodes } from '../output.ts';

type Format = 'text' | 'json' | 'markdown';
type FailOn = 'breaking' | 'possibly' | 'none';

/** `keel contract …`: commands about the API contract. */
export function registerContractCommands(program: Command): void {
  const contract = program.command('contract').description('compare versions of the API contract (openapi.yaml)');
  contract
    .command('diff')
    .description(
      'classify every change between two versions of the contract: breaking, possibly breaking, non-breaking',
    )
    .argument('<base>', 'the old contract: a file, or REV:path read from git (REV: alone is the project contract)')
    .argument('[head]', 'the new contract, a file or REV:path (default: the project contract in the working tree)')
    .option('--dir <dir>', 'the project folder (for its contract and its git repository)', '.')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a change at this level or worse is found')
        .choices(['breaking', 'possibly', 'none'])
        .default('breaking'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      `
Examples:
  keel contract diff HEAD~1:openapi.yaml                 the working tree against the previous commit
  keel contract diff main: --fail-on possibly            against main's contract, stricter gate
  keel contract diff v1.4.0:api/openapi.yaml api/openapi.yaml
  keel contract diff old.yaml new.yaml --json
  keel contract diff origin/main: --format markdown > contract-diff.md   a pull-request comment

Operations match by method and path template ({id} and {bookingId} are the same URL), parameters by location and
name; $refs (across files, and at the same revision for REV:path), allOf, oneOf/anyOf and discriminators are followed.
A request may only accept more and a response may only promise more: anything else is breaking. Each change has a
stable id, its operations and file:line:column in both versions; docs/contract-diff.md lists every change class.
Exit code: 1 when a change meets --fail-on (default: breaking), 2 when an input cannot be read.`,
    )
    .action(
      async (
        baseSpec: string,
        headSpec: string | undefined,
        options: { dir: string; failOn: FailOn; format: Format; json?: boolean },
      ) => {
        const format: Format = options.json === true ? 'json' : options.format;
        const output = createOutput({ json: format === 'json' });
        const project = await loadProject(options.dir);
        // Loaded here: `keel --help` does not need the diff engine.
        const { diffContracts, loadContractSide, renderDiffMarkdown, renderDiffText } =
          await import('../../contract/diff/index.ts');
        const sideOptions = { dir: project.root, defaultContract: project.paths.contract };
        const base = await loadContractSide(baseSpec, sideOptions);
        const head = await loadContractSide(headSpec ?? project.paths.contract, sideOptions);
        const diff = diffContracts(base, head);
        const failed =
          options.failOn === 'breaking'
            ? diff.counts.breaking > 0
            : options.failOn === 'possibly' && diff.counts.breaking + diff.counts['possibly-breaking'] > 0;
        if (format === 'json') output.result({ ok: !failed, failOn: options.failOn, ...diff });
        else if (format === 'markdown') process.stdout.write(renderDiffMarkdown(diff));
        else process.stdout.write(renderDiffText(diff, output.style));
        if (failed) process.exitCode = exitCodes.gateFailed;
      },
    );
}
