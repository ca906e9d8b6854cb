import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadProject } from '../../project/index.ts';
import { createOutput } from '../output.ts';

interface ReportCommandOptions {
  readonly out?: string;
  readonly json?: boolean;
}

/** `keel report [dir]`: writes the journey report from the evidence as it stands, without running any gate. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the journey report (static HTML, offline) from the evidence, without running any gate')
    .argument('[dir]', 'the project folder', '.')
    .option('--out <file>', 'where to write it (default: .keel/report/index.html in the project)')
    .option('--json', 'print where the report was written as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel report                           .keel/report/index.html of the project in this folder
  keel report examples/bookings --out /tmp/bookings.html

The report shows each stage's state and evidence, the traceability matrix, the module diagram, the contract and its
diff with the last release, the migrations with their rollback proof and query plans, the access matrix, and release
readiness. It is one HTML file with no script and no request: open it from disk, attach it to a build, or serve it.
\`keel journey\` writes it after running the gates; \`keel report\` only reads what they left.`,
    )
    .action(async (dir: string, options: ReportCommandOptions) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ stages }, { writeReport }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../report/index.ts'),
      ]);
      const started = performance.now();
      const path = await writeReport(project, stages, {
        force: true,
        ...(options.out === undefined ? {} : { path: resolve(options.out) }),
      });
      const durationMs = Math.round(performance.now() - started);
      output.result({ ok: true, report: path, durationMs });
      output.line(`${output.style.dim('report:')} ${shownPath(path)}`);
    });
}

/** A path as a person finds it from here: relative below the working folder, absolute elsewhere. */
export function shownPath(path: string): string {
  const below = relative(process.cwd(), path);
  return below === '' || below.startsWith('..') ? path : below;
}
