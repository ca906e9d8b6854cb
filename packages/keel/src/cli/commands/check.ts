import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import { KeelError } from '../../errors/index.ts';
import type { CheckReport } from '../../journey/check-report.ts';
import { formatLocation, type Finding } from '../../journey/finding.ts';
import { isStageId, stageIds, type StageId } from '../../journey/stage-id.ts';
import { loadProject } from '../../project/index.ts';
import { editDistance } from '../../source/index.ts';
import { createOutput, exitCodes, type Output } from '../output.ts';

type Format = 'text' | 'json' | 'sarif';

/** `keel check [stage…] [dir]`: runs the gates, prints every finding, writes evidence. */
export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('run the gates of the given stages (default: every stage Keel can check) and write their evidence')
    .argument('[stage-or-dir...]', `stages to check (${stageIds.join(', ')}), then optionally the project folder`)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--json', 'same as --format json')
    .option(
      '--database <url>',
      'a PostgreSQL server for the scratch databases some gates create (default: embedded PGlite)',
    )
    .addHelpText(
      'after',
      `
Examples:
  keel check                                 every stage of the project in this folder
  keel check requirements architecture       two stages
  keel check requirements examples/bookings  a stage of another project
  keel check --format sarif > keel.sarif     for code-scanning interfaces

Findings are sorted by severity (error, warning, info), each with its rule id, file:line:column and a fix. The exit
code is 1 when any finding is an error. Each gate writes .keel/evidence/<stage>.json, which \`keel status\` reads.
Rules are re-levelled or disabled in keel.yaml under \`rules:\`, each with a reason that reports show.`,
    )
    .action(async (args: string[], options: { format: Format; json?: boolean; database?: string }) => {
      const format: Format = options.json === true ? 'json' : options.format;
      const output = createOutput({ json: format !== 'text' });
      const { stageNames, dir } = splitArguments(args);
      const project = await loadProject(dir);
      // Loaded here: the stages bring their parsers, which `keel --help` does not need.
      const [{ stages }, { checkStages }, { checkReport }, { evidencePath }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../journey/check-stages.ts'),
        import('../../journey/check-report.ts'),
        import('../../journey/evidence.ts'),
      ]);
      const chosen =
        stageNames.length === 0
          ? stages
          : stageNames.map((name) => {
              const stage = stages.find((candidate) => candidate.id === name);
              if (stage === undefined) {
                throw new KeelError('KEEL_UNKNOWN_STAGE', `Keel cannot check the ${name} stage yet`, {
                  fix: `Check one of: ${stages.map((candidate) => candidate.id).join(', ')}.`,
                });
              }
              return stage;
            });
      const checked = await checkStages(
        project,
        chosen,
        stages,
        options.database === undefined ? {} : { databaseUrl: options.database },
      );
      const report = checkReport(checked, (stage) => relative(project.root, evidencePath(project, stage)));
      if (format === 'sarif') {
        const { toSarif } = await import('../../journey/sarif.ts');
        process.stdout.write(
          JSON.stringify(toSarif(report.findings, chosen, pathToFileURL(project.root).href), null, 2) + '\n',
        );
      } else if (format === 'json') {
        output.result(report);
      } else {
        printReport(output, report);
      }
      if (!report.ok) process.exitCode = exitCodes.gateFailed;
    });
}

/** Stage names first, then at most one folder; a word that is neither gets a "did you mean". */
export function splitArguments(args: readonly string[]): { stageNames: StageId[]; dir: string } {
  const stageNames: StageId[] = [];
  let dir: string | undefined;
  for (const [index, arg] of args.entries()) {
    if (isStageId(arg) && dir === undefined) {
      stageNames.push(arg);
      continue;
    }
    const looksLikeStage = /^[a-z]+$/.test(arg) && !existsSync(arg);
    if (index === args.length - 1 && dir === undefined && !looksLikeStage) {
      dir = arg;
      continue;
    }
    const near = stageIds.filter((id) => editDistance(arg, id) <= 3);
    throw new KeelError(
      'KEEL_UNKNOWN_STAGE',
      `${arg} is neither a stage nor a folder${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}`,
      {
        extensions: { stage: arg },
      },
    );
  }
  return { stageNames, dir: dir ?? '.' };
}

function printReport(output: Output, report: CheckReport): void {
  const { style } = output;
  for (const stage of report.stages) {
    const state = stage.result === 'passed' ? style.ok('passed') : style.bad('failed');
    const { error, warning, info } = stage.counts;
    const counts = [plural(error, 'error'), plural(warning, 'warning'), plural(info, 'info')].join(', ');
    output.line(
      `${stage.stage.padEnd(13)} ${state}  ${counts}  ${style.dim(`(${stage.rules} rules, ${stage.durationMs} ms)`)}`,
    );
    for (const override of stage.overrides) {
      output.line(
        style.dim(
          `  ${override.rule} is ${override.severity === 'off' ? 'disabled' : `re-levelled to ${override.severity}`}: ${override.reason}`,
        ),
      );
    }
  }
  if (report.findings.length > 0) output.line();
  for (const finding of report.findings) printFinding(output, finding);
}

/** One finding, as every command prints it: severity, rule, location; the message; the fix. */
export function printFinding(output: Output, finding: Finding): void {
  const { style } = output;
  const severity =
    finding.severity === 'error'
      ? style.bad('error  ')
      : finding.severity === 'warning'
        ? style.warn('warning')
        : style.dim('info   ');
  output.line(`${severity} ${style.bold(finding.rule)}  ${formatLocation(finding.location)}`);
  output.line(`        ${finding.code === undefined ? '' : `${finding.code}: `}${finding.message}`);
  output.line(`        ${style.dim('fix:')} ${finding.fix}`);
  if (finding.override !== undefined) {
    output.line(style.dim(`        (re-levelled from ${finding.override.from}: ${finding.override.reason})`));
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;
}
