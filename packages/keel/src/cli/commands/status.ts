import type { Command } from 'commander';
import type { StageState } from '../../journey/journey-status.ts';
import { loadProject } from '../../project/index.ts';
import { createOutput, type Output } from '../output.ts';

/** `keel status [dir]`: the nine stages and the one next step, from evidence alone. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('show each stage of the journey (passing, failing, stale, not started) and the next step')
    .argument('[dir]', 'the project folder', '.')
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel status
  keel status examples/bookings --json

Status re-runs no gate: it compares each stage's evidence (.keel/evidence/<stage>.json) with the files as they are
now. A stage is stale when one of its inputs changed since it was checked, or when a stage it builds on is not
passing or was checked again since.`,
    )
    .action(async (dir: string, options: { json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ stages }, { journeyStatus }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../journey/journey-status.ts'),
      ]);
      const status = await journeyStatus(project, stages);
      output.result({ ok: status.stages.every((stage) => stage.state === 'passing'), ...status });
      const marks: Record<StageState, (output: Output) => string> = {
        passing: ({ style }) => style.ok('✔ passing    '),
        failing: ({ style }) => style.bad('✖ failing    '),
        stale: ({ style }) => style.warn('↻ stale      '),
        'not-started': ({ style }) => style.dim('· not started'),
      };
      output.line(output.style.bold(`${project.config.name}: the journey`));
      for (const [index, stage] of status.stages.entries()) {
        const when = stage.evidence === undefined ? '' : output.style.dim(`  checked ${stage.evidence.checkedAt}`);
        const line = `${String(index + 1)}. ${stage.stage.padEnd(13)} ${marks[stage.state](output)}`;
        if (!stage.available) {
          output.line(`${line}${output.style.dim(`  (${stage.reasons[0] ?? 'no gate yet'})`)}`);
          continue;
        }
        output.line(`${line}${when}`);
        for (const reason of stage.reasons.slice(0, 3)) output.line(output.style.dim(`     ${reason}`));
        if (stage.reasons.length > 3)
          output.line(output.style.dim(`     and ${String(stage.reasons.length - 3)} more`));
      }
      output.line();
      output.line(status.next === null ? output.style.ok('Every stage passes.') : `Next: ${status.next.action}`);
    });
}
