import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import type { Evidence } from '../../journey/evidence.ts';
import type { JourneyResult, StageOutcome } from '../../journey/run-journey.ts';
import type { StageId } from '../../journey/stage-id.ts';
import { loadProject, type Project } from '../../project/index.ts';
import { createOutput, exitCodes, type Output } from '../output.ts';
import { printFinding } from './check.ts';
import { shownPath } from './report.ts';
import { parsePort, serveUntilStopped } from './serve.ts';

/** Findings printed per failing stage; the rest are one `keel check <stage>` away. */
const findingsShown = 8;

interface JourneyCommandOptions {
  readonly serve?: boolean;
  readonly keepGoing?: boolean;
  readonly database?: string;
  readonly port?: number;
  readonly host: string;
  readonly json?: boolean;
}

/** `keel journey [dir]`: every gate in order, with progress, then optionally the API served. */
export function registerJourneyCommand(program: Command): void {
  program
    .command('journey')
    .description('run every stage’s gate in order, reusing evidence whose inputs did not change; optionally serve')
    .argument('[dir]', 'the project folder', '.')
    .option(
      '--serve',
      'then serve the demo (a fresh in-memory database with the seeds, a token per demo principal), or --database',
    )
    .option('--keep-going', 'run every stage even after one fails')
    .option('--database <url>', 'a PostgreSQL server for the gates’ scratch databases and for --serve')
    .addOption(new Option('-p, --port <port>', 'port for --serve (default: PORT, else 3000)').argParser(parsePort))
    .option('--host <host>', 'address for --serve', '127.0.0.1')
    .option('--json', 'print the journey as JSON (no progress)')
    .addHelpText(
      'after',
      `
Examples:
  keel journey                          every gate of the project in this folder
  keel journey examples/bookings --serve
  keel journey --keep-going --json      every gate, whatever fails, as JSON

A gate whose inputs, upstream evidence, Keel version and rule overrides are unchanged since its evidence is not run
again: its evidence stands. The journey stops at the first failing stage unless --keep-going; the exit code is 1 when
any stage failed. Stages this version of Keel has no gate for are listed as not available. Whatever the outcome, the
journey then writes its report, .keel/report/index.html (see keel report).`,
    )
    .action(async (dir: string, options: JourneyCommandOptions) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ stages }, { runJourney }, { evidencePath }, { writeReport }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../journey/run-journey.ts'),
        import('../../journey/evidence.ts'),
        import('../../report/index.ts'),
      ]);
      const progress = createProgress(output);
      const started = performance.now();
      const result = await runJourney(project, stages, {
        keepGoing: options.keepGoing === true,
        ...(options.database === undefined ? {} : { databaseUrl: options.database }),
        onStageStart: (stage) => progress.start(stage),
        onStageEnd: (outcome) => {
          progress.stop();
          printOutcome(output, outcome, project);
        },
      });
      // Written whatever the outcome: a failing journey is when its report is read most.
      const report = await writeReport(project, stages);
      const elapsedMs = Math.round(performance.now() - started);
      output.result({
        ok: result.passed,
        failedAt: result.failedAt ?? null,
        durationMs: elapsedMs,
        report,
        stages: result.outcomes.map((outcome) => ({
          stage: outcome.stage,
          outcome: outcome.kind,
          ...('evidence' in outcome
            ? {
                result: outcome.evidence.result,
                counts: outcome.evidence.counts,
                durationMs: outcome.evidence.durationMs,
                evidence: relative(project.root, evidencePath(project, outcome.stage)),
              }
            : {}),
        })),
      });
      printSummary(output, result, elapsedMs);
      output.line(`${output.style.dim('report:')} ${shownPath(report)}`);
      if (!result.passed) process.exitCode = exitCodes.gateFailed;
      if (options.serve === true) {
        await serveUntilStopped(
          dir,
          {
            host: options.host,
            migrate: true,
            // The demo: a fresh in-memory database with the seeds and a token per demo principal; a database the
            // user names is theirs, so Keel writes no demo data into it.
            demo: options.database === undefined,
            ...(options.port === undefined ? {} : { port: options.port }),
            ...(options.database === undefined ? {} : { database: options.database }),
            ...(options.json === true ? { json: true } : {}),
          },
          output,
          (address) => [
            `${output.style.dim('API reference:')} ${address}/docs`,
            `${output.style.dim('contract:')} ${address}/openapi.json`,
            `${output.style.dim('readiness:')} ${address}/readyz`,
            `${output.style.dim('journey report:')} ${pathToFileURL(report).href}`,
          ],
        );
      }
    });
}

function printOutcome(output: Output, outcome: StageOutcome, project: Project): void {
  const { style } = output;
  const name = outcome.stage.padEnd(13);
  if (outcome.kind === 'unavailable') {
    output.line(`${style.dim('–')} ${name}${style.dim('not available in this version of Keel')}`);
    return;
  }
  if (outcome.kind === 'skipped') {
    output.line(`${style.dim('–')} ${name}${style.dim('not run: an earlier stage failed (--keep-going runs it)')}`);
    return;
  }
  const { evidence } = outcome;
  const passed = evidence.result === 'passed';
  const mark = passed ? style.ok('✔') : style.bad('✖');
  const state = passed ? style.ok('passed') : style.bad('failed');
  const timing =
    outcome.kind === 'reused'
      ? `unchanged since ${evidence.checkedAt.slice(0, 19).replace('T', ' ')}`
      : seconds(evidence.durationMs);
  output.line(`${mark} ${name}${state}  ${counts(evidence)}  ${style.dim(`(${timing})`)}`);
  if (passed) return;
  const errors = evidence.findings.filter((finding) => finding.severity === 'error');
  for (const finding of errors.slice(0, findingsShown)) printFinding(output, finding);
  if (errors.length > findingsShown) {
    output.line(
      style.dim(
        `        … and ${errors.length - findingsShown} more: keel check ${outcome.stage} ${relative(process.cwd(), project.root) || '.'}`,
      ),
    );
  }
}

function printSummary(output: Output, result: JourneyResult, elapsedMs: number): void {
  const available = result.outcomes.filter((outcome) => 'evidence' in outcome);
  const passed = available.filter((outcome) => 'evidence' in outcome && outcome.evidence.result === 'passed');
  output.line();
  const verdict = result.passed
    ? output.style.ok(`every available stage passed (${passed.length} of 9)`)
    : output.style.bad(`stopped at ${result.failedAt ?? '?'}: ${passed.length} of ${available.length} stages passed`);
  output.line(`${verdict}  ${output.style.dim(seconds(elapsedMs))}`);
}

function counts(evidence: Evidence): string {
  const { error, warning, info } = evidence.counts;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;
  return [plural(error, 'error'), plural(warning, 'warning'), plural(info, 'info')].join(', ');
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A line on the terminal that shows the running stage and its elapsed time; nothing when piped or in JSON mode. */
function createProgress(output: Output): { start(stage: StageId): void; stop(): void } {
  const live = !output.json && process.stderr.isTTY && process.env['CI'] !== 'true';
  let timer: NodeJS.Timeout | undefined;
  return {
    start(stage) {
      if (!live) return;
      const began = performance.now();
      const draw = () =>
        process.stderr.write(
          `\r${output.style.dim('…')} ${stage.padEnd(13)}${output.style.dim(`checking ${seconds(Math.round(performance.now() - began))}`)}\u001b[K`,
        );
      draw();
      timer = setInterval(draw, 100);
    },
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      process.stderr.write('\r\u001b[K');
    },
  };
}
