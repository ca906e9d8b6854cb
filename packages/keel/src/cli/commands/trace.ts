import type { Command } from 'commander';
import { formatLocation } from '../../journey/finding.ts';
import type { TraceStep } from '../../journey/trace.ts';
import { loadProject } from '../../project/index.ts';
import { createOutput, type Output } from '../output.ts';

/** `keel trace <id> [dir]`: one identifier's chain through the artifacts. */
export function registerTraceCommand(program: Command): void {
  program
    .command('trace')
    .description('show the chain of a requirement, rule, criterion or decision through every artifact')
    .argument('<id>', 'the identifier, e.g. R-BOOK-1, BR-BOOK-1, AC-BOOK-1-1, ADR-0003 or a module name')
    .argument('[dir]', 'the project folder', '.')
    .option('--json', 'print the chain as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel trace R-BOOK-1
  keel trace BR-BOOK-1 examples/bookings --json

Upstream is what the identifier derives from; downstream is what was built on it (criteria that verify it, the module
that owns it, decisions that address it, and, as later stages are checked, operations, tables, rules and tests).`,
    )
    .action(async (id: string, dir: string, options: { json?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ stages }, { buildTraceIndex, traceId }] = await Promise.all([
        import('../../journey/registry.ts'),
        import('../../journey/trace.ts'),
      ]);
      const trace = traceId(await buildTraceIndex(project, stages), id);
      output.result({ ok: true, ...trace });
      const { style } = output;
      output.line(
        `${style.bold(trace.id)} ${style.dim(trace.kind)}  ${trace.title}  ${style.dim(formatLocation(trace.at))}`,
      );
      if (trace.upstream.length > 0) {
        output.line(style.dim('derives from'));
        printSteps(output, trace.upstream, 1);
      }
      output.line(style.dim('built on by'));
      if (trace.downstream.length === 0) output.line(`  ${style.warn('nothing yet')}`);
      printSteps(output, trace.downstream, 1);
    });
}

function printSteps(output: Output, steps: readonly TraceStep[], depth: number): void {
  const { style } = output;
  for (const step of steps) {
    const where = step.at === null ? style.bad('undefined') : style.dim(formatLocation(step.at));
    output.line(
      `${'  '.repeat(depth)}${style.dim(step.relation)} ${style.bold(step.id)} ${style.dim(step.kind)}  ${step.title}  ${where}`,
    );
    printSteps(output, step.next, depth + 1);
  }
}
