import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import { loadProject } from '../../project/index.ts';
import { createOutput, exitCodes } from '../output.ts';

type Format = 'text' | 'markdown' | 'json' | 'sarif';

/** `keel review [dir]`: severity-ranked findings on a change (git), before it merges. */
export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description('review a change (git diff): severity-ranked findings with rule, file:line, explanation and fix')
    .argument('[dir]', 'the project folder', '.')
    .option(
      '--base <ref>',
      'the base revision (default: keel.yaml review.base, else the merge-base with main; on main with nothing uncommitted, HEAD~1)',
    )
    .option('--head <ref>', 'the head revision (default: the working tree, uncommitted and untracked files included)')
    .option('--all', 'review every file of the project, not only what the change introduces')
    .option('--no-audit', 'do not ask the registry about new dependencies (npm audit)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json', 'sarif']).default('text'),
    )
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      `
Examples:
  keel review                                   this branch's change (and uncommitted work) against main
  keel review --base origin/main --head HEAD    the commits of a pull request, as CI sees them
  keel review examples/bookings --all           every file of a project, not only the change
  keel review --format sarif > review.sarif     for code-scanning interfaces (SARIF 2.1.0)
  keel review --format markdown > review.md     a pull-request comment

Where the change touches, it runs: the TypeScript type check; ESLint with typescript-eslint (type-aware) and Keel's
handler rules (keel/eslint-plugin); the contract diff, the contract, migration lint, access and architecture gates
(only the findings the change adds); the secret scan (key formats, high-entropy strings); new dependencies (licence,
install scripts, npm audit when the registry answers). Findings are ranked blocker, high, medium, low, info.
Exit code: 1 when a finding is high or worse (keel.yaml review.failOn changes the threshold; review.rules re-levels
a rule, with a reason), 2 when an input cannot be used (no git repository, an unknown revision).`,
    )
    .action(
      async (
        dir: string,
        options: { base?: string; head?: string; all?: boolean; audit: boolean; format: Format; json?: boolean },
      ) => {
        const format: Format = options.json === true ? 'json' : options.format;
        const output = createOutput({ json: format === 'json' });
        const project = await loadProject(dir);
        // Loaded here: the review brings TypeScript and ESLint, which `keel --help` does not need.
        const [{ runReview }, render] = await Promise.all([
          import('../../review/run-review.ts'),
          import('../../review/render-review.ts'),
        ]);
        if (format === 'text') output.note('reviewing…');
        const report = await runReview(project, {
          ...(options.base === undefined ? {} : { base: options.base }),
          ...(options.head === undefined ? {} : { head: options.head }),
          all: options.all === true,
          audit: options.audit,
          lastCommitWhenClean: true,
        });
        if (format === 'json') output.result(report);
        else if (format === 'sarif') {
          process.stdout.write(
            JSON.stringify(render.reviewSarif(report, pathToFileURL(project.root).href), null, 2) + '\n',
          );
        } else if (format === 'markdown') process.stdout.write(render.renderReviewMarkdown(report));
        else process.stdout.write(render.renderReviewText(report, output.style));
        if (!report.ok) process.exitCode = exitCodes.gateFailed;
      },
    );
}
