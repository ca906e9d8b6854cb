import { relative } from 'node:path';
import type { Command } from 'commander';
import { KeelError } from '../../errors/index.ts';
import { formatLocation } from '../../journey/finding.ts';
import { loadProject, type Project } from '../../project/index.ts';
import type { MutationResult } from '../../tests/mutation-result.ts';
import type { CaseFailure } from '../../tests/suite-context.ts';
import { createOutput, exitCodes, type Output } from '../output.ts';

interface TestCommandOptions {
  database?: string;
  seed?: string;
  runs?: string;
  json?: boolean;
  saveFailures?: boolean;
  mutation?: boolean;
}

/** `keel test [dir]`: the project's tests, the generated suites, acceptance coverage; writes .keel/evidence/tests.json. */
export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description(
      "run the project's tests and Keel's generated conformance and stateful suites; report acceptance coverage",
    )
    .argument('[dir]', 'the project folder', '.')
    .option(
      '--database <url>',
      'a PostgreSQL server to create (and drop) a scratch database on (default: embedded PGlite)',
    )
    .option('--seed <n>', 'seed of the generated data: the same seed sends the same requests', '1')
    .option('--runs <n>', 'valid samples generated per operation', '20')
    .option('--save-failures', 'write each replayable failing case as a regression test under test/keel-regressions/')
    .option(
      '--mutation',
      'first mutate the handlers with StrykerJS and run the tests against each mutant (incremental; slow on a first run)',
    )
    .option('--json', 'print the run as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel test                          the project in this folder, on PGlite
  keel test examples/bookings --seed 42
  keel test --database postgres://postgres@127.0.0.1:5432/postgres
  keel test --mutation               the mutation score too, kept in .keel/mutation/ (commit it)

The generated suites run in-process against the project's app on a freshly migrated database, as two tenants with a
principal for every role of access.yaml. Each failing case is printed with a curl command that repeats it against
\`keel serve\`. Tests prove acceptance criteria by naming them: test('AC-BOOK-1-2: …'). The exit code is 1 when a
test fails, a generated case fails, or a criterion has no passing test. Evidence goes to .keel/evidence/tests.json.

With --mutation, StrykerJS first plants small faults in the handlers (keel.yaml's tests.mutation.mutate, by default the
.ts files beside the handlers file) and runs the project's test files against each; the score and every mutant that
survived are written to .keel/mutation/result.json, beside Stryker's incremental file, so the next run tests only what
changed. When keel.yaml sets tests.mutation.threshold, the gate fails on a missing, stale or lower score.`,
    )
    .action(async (dir: string, options: TestCommandOptions) => {
      const output = createOutput({ json: options.json === true });
      const seed = integerOption('--seed', options.seed ?? '1', 0);
      const runs = integerOption('--runs', options.runs ?? '20', 1);
      const project = await loadProject(dir);
      const [{ testsStage }, { stages }, { checkStages }, { evidencePath }] = await Promise.all([
        import('../../tests/tests-stage.ts'),
        import('../../journey/registry.ts'),
        import('../../journey/check-stages.ts'),
        import('../../journey/evidence.ts'),
      ]);
      const mutation = options.mutation === true ? await mutate(output, project, seed, options.database) : undefined;
      output.note(`running the tests of ${project.config.name} (seed ${seed})…`);
      const checkOptions = { seed, runs, ...(options.database === undefined ? {} : { databaseUrl: options.database }) };
      const [checked] = await checkStages(
        project,
        [testsStage],
        stages.includes(testsStage) ? stages : [...stages, testsStage],
        checkOptions,
      );
      if (checked === undefined) throw new Error('the tests gate did not run');
      const run = parseRun(checked.evidence.outputs['test-run.json']);
      const saved =
        options.saveFailures === true && run !== undefined
          ? await (await import('../../tests/saved-case.ts')).saveRegressionTests(project.root, run.generated.failures)
          : [];
      const evidence = relative(project.root, evidencePath(project, 'tests')) || '.';
      const ok = checked.result.passed;
      if (output.json) {
        output.result({
          ok,
          stage: 'tests',
          evidence,
          findings: checked.result.findings,
          saved,
          run,
          ...(mutation === undefined ? {} : { mutation }),
        });
      } else {
        if (mutation !== undefined) printMutation(output, mutation, project.config.tests.mutation.threshold);
        printRun(output, run, checked.result.findings, ok, evidence);
        for (const file of saved) output.line(`saved a regression test: ${file}`);
      }
      if (!ok) process.exitCode = exitCodes.gateFailed;
    });
}

async function mutate(
  output: Output,
  project: Project,
  seed: number,
  databaseUrl: string | undefined,
): Promise<MutationResult> {
  const [{ runMutation }, { projectTestFiles }] = await Promise.all([
    import('../../tests/run-mutation.ts'),
    import('../../tests/project-tests.ts'),
  ]);
  output.note(
    `mutating the handlers of ${project.config.name} with StrykerJS (incremental; a first run takes minutes)…`,
  );
  return runMutation(project, {
    testFiles: await projectTestFiles(project.root),
    databaseUrl,
    seed,
    logLevel: !output.json && process.stderr.isTTY ? 'info' : 'off',
  });
}

function printMutation(output: Output, result: MutationResult, threshold: number | undefined): void {
  const { style } = output;
  const { killed, timeout, survived, noCoverage, errors, total } = result.counts;
  const passed = threshold === undefined || result.score >= threshold;
  const score = `${result.score}%${threshold === undefined ? '' : ` (threshold ${threshold}%)`}`;
  output.line(
    `mutation        score ${passed ? style.ok(score) : style.bad(score)}: ${killed} killed, ${timeout} timed out, ` +
      `${survived} survived, ${noCoverage} without coverage, ${errors} errors (${total} mutants, ` +
      `${Math.round(result.durationMs / 1000)} s)`,
  );
  for (const mutant of result.undetected) {
    output.line(
      `  ${(mutant.status === 'survived' ? 'survived' : 'no cover').padEnd(9)}${mutant.file}:${mutant.line}:${mutant.column}  ` +
        `${style.dim(mutant.mutator)}  \`${mutant.original}\` → \`${mutant.replacement}\``,
    );
  }
}

function integerOption(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    throw new KeelError(
      'KEEL_USAGE',
      `${name} must be a whole number of at least ${min} (got ${JSON.stringify(value)})`,
    );
  }
  return parsed;
}

interface RunSummary {
  project: { files: string[]; results: { outcome: string; suite: boolean }[] };
  generated: {
    failures: CaseFailure[];
    requests: number;
    accepted: number;
    durationMs: number;
    operations: number;
    skipped?: string;
  };
  criteria: { id: string; status: string; tests: { name: string }[] }[];
}

function parseRun(text: string | undefined): RunSummary | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as RunSummary);
}

function printRun(
  output: Output,
  run: RunSummary | undefined,
  findings: readonly {
    severity: string;
    rule: string;
    message: string;
    fix: string;
    location: Parameters<typeof formatLocation>[0];
  }[],
  ok: boolean,
  evidence: string,
): void {
  const { style } = output;
  if (run !== undefined) {
    const tests = run.project.results.filter((result) => !result.suite);
    const passed = tests.filter((result) => result.outcome === 'passed').length;
    const failed = tests.filter((result) => result.outcome === 'failed').length;
    output.line(`project tests   ${passed} passed, ${failed} failed (${run.project.files.length} files)`);
    const { requests, accepted, durationMs, operations, skipped } = run.generated;
    const rate = durationMs > 0 ? Math.round((requests * 1000) / durationMs) : requests;
    output.line(
      skipped === undefined
        ? `generated       ${requests} requests on ${operations} operations in ${durationMs} ms (${rate}/s), ${accepted} valid ones accepted`
        : `generated       skipped: ${skipped}`,
    );
    if (run.criteria.length > 0) {
      output.line('acceptance criteria');
      for (const criterion of run.criteria) {
        const mark =
          criterion.status === 'passed'
            ? style.ok('passed  ')
            : criterion.status === 'failed'
              ? style.bad('failed  ')
              : style.bad('untested');
        const names = criterion.tests.map((test) => test.name).join('; ');
        output.line(`  ${criterion.id.padEnd(16)} ${mark} ${style.dim(names)}`);
      }
    }
  }
  for (const finding of findings) {
    const label = finding.severity === 'error' ? style.bad('error') : style.warn(finding.severity);
    output.line(`${label} ${finding.rule} ${style.dim(formatLocation(finding.location))}`);
    output.line(`  ${finding.message}`);
    output.line(`  ${style.dim('fix:')} ${finding.fix}`);
  }
  output.line(`${ok ? style.ok('tests passed') : style.bad('tests failed')}  ${style.dim(`evidence: ${evidence}`)}`);
}
