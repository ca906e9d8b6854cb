import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { KeelError } from '../errors/index.ts';
import type { Project } from '../project/index.ts';
import {
  filesToMutate,
  mutationFolder,
  mutationResultPath,
  summariseReport,
  type MutationResult,
  type StrykerReport,
} from './mutation-result.ts';

// The runner beside this module: its .ts source in the workspace, its emitted .js in a published keel (decision 0015).
const runner = fileURLToPath(new URL(`./mutation-runner${extname(import.meta.url)}`, import.meta.url));

export interface MutationSettings {
  /** The project's test files, relative to its root: each is one of Stryker's tests. */
  readonly testFiles: readonly string[];
  /** A PostgreSQL server for the project's tests (`KEEL_TEST_POSTGRES_URL`); PGlite when absent. */
  readonly databaseUrl: string | undefined;
  readonly seed: number;
  /** Test every mutant again, not only those the last run's incremental file does not settle. */
  readonly force?: boolean;
  /** Stryker's log level on stderr: `off` unless someone watches. */
  readonly logLevel?: 'off' | 'warn' | 'info';
}

/**
 * Runs StrykerJS on the project (its handlers mutated, its node:test files as the tests, incrementally), then writes
 * the summary the tests gate reads, `.keel/mutation/result.json`, beside Stryker's incremental file.
 *
 * @example
 * const result = await runMutation(project, { testFiles: ['test/items.test.ts'], databaseUrl: undefined, seed: 1 });
 * result.score; // 91.3
 */
export async function runMutation(project: Project, settings: MutationSettings): Promise<MutationResult> {
  const files = await filesToMutate(project);
  if (Object.keys(files).length === 0) {
    throw new KeelError('KEEL_MUTATION_FAILED', 'no file to mutate: tests.mutation.mutate in keel.yaml matches none', {
      location: { file: 'keel.yaml' },
    });
  }
  if (settings.testFiles.length === 0) {
    throw new KeelError('KEEL_MUTATION_FAILED', 'the project has no test file (*.test.ts) to kill mutants with');
  }
  const report = join(project.root, '.keel', 'tmp', 'mutation', 'report.json');
  await rm(report, { force: true });
  await mkdir(mutationFolder(project), { recursive: true });
  const options = {
    mutate: Object.keys(files),
    testRunner: 'tap',
    plugins: [import.meta.resolve('@stryker-mutator/tap-runner')],
    tap: { testFiles: [...settings.testFiles], nodeArgs: ['--test-reporter=tap'] },
    coverageAnalysis: 'perTest',
    checkers: [],
    reporters: ['json'],
    jsonReporter: { fileName: report },
    incremental: true,
    incrementalFile: join('.keel', 'mutation', 'stryker-incremental.json'),
    force: settings.force === true,
    tempDirName: join('.keel', 'tmp', 'stryker'),
    cleanTempDir: 'always',
    ignorePatterns: ['.keel', 'coverage', 'dist'],
    // A project's first test run can take minutes on a busy machine (a database per test file).
    dryRunTimeoutMinutes: 30,
    logLevel: settings.logLevel ?? 'off',
    fileLogLevel: 'off',
    allowConsoleColors: false,
    thresholds: { high: 80, low: 60, break: null },
  };
  const started = performance.now();
  const echo = options.logLevel !== 'off';
  const { code, output } = await runStryker(project.root, options, settingsEnv(settings), echo);
  const text = await readFile(report, 'utf8').catch(() => undefined);
  if (code !== 0 || text === undefined) {
    throw new KeelError(
      'KEEL_MUTATION_FAILED',
      `StrykerJS stopped before it finished (exit ${code ?? 'signal'}): ${lastLines(output)}`,
    );
  }
  const result = summariseReport(JSON.parse(text) as StrykerReport, {
    files,
    testFiles: settings.testFiles,
    tool: `StrykerJS ${strykerVersion()} (tap runner, node:test)`,
    durationMs: Math.round(performance.now() - started),
  });
  const path = mutationResultPath(project);
  await writeFile(`${path}.${process.pid}.tmp`, JSON.stringify(result, null, 2) + '\n');
  await rename(`${path}.${process.pid}.tmp`, path);
  return result;
}

function settingsEnv(settings: MutationSettings): Record<string, string> {
  return settings.databaseUrl === undefined
    ? { KEEL_TEST_DATABASES: 'pglite', KEEL_TEST_SEED: String(settings.seed) }
    : {
        KEEL_TEST_DATABASES: 'postgres',
        KEEL_TEST_POSTGRES_URL: settings.databaseUrl,
        KEEL_TEST_SEED: String(settings.seed),
      };
}

async function runStryker(
  root: string,
  options: object,
  env: Readonly<Record<string, string>>,
  echo: boolean,
): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    // NODE_TEST_CONTEXT is set when Keel itself runs under node:test: the test files would then not print TAP.
    Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'),
  );
  const child = spawn(process.execPath, [runner, JSON.stringify(options)], {
    cwd: root,
    env: {
      ...inherited,
      ...env,
      // The tap runner starts `node` by name: this Node, not an older one first on PATH.
      PATH: [dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: string) => {
    output = (output + chunk).slice(-20_000);
    if (echo) process.stderr.write(chunk);
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, output };
}

function strykerVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('@stryker-mutator/core/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function lastLines(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && !/^\s+at /.test(line));
  return lines.slice(-8).join('\n') || 'no output';
}
