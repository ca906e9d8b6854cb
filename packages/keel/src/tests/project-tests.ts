import { glob } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { extname, resolve } from 'node:path';
import { KeelError } from '../errors/index.ts';

// The runner beside this module: its .ts source in the workspace, its emitted .js in a published keel (decision 0015).
const runner = new URL(`./project-test-runner${extname(import.meta.url)}`, import.meta.url).pathname;

/** One test (or suite) of the project as node:test reported it. */
export interface ProjectTestResult {
  readonly name: string;
  /** Relative to the project root. */
  readonly file: string;
  readonly line: number | undefined;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  readonly suite: boolean;
  /** The first line of the failure, when it failed. */
  readonly error: string | undefined;
}

const testFilePatterns = ['**/*.test.ts', '**/*.test.js', '**/*.test.mjs'];

/** The project's test files, relative to its root: `*.test.ts` (and .js, .mjs) outside node_modules and .keel. */
export async function projectTestFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for await (const file of glob(testFilePatterns, {
    cwd: root,
    exclude: ['**/node_modules/**', '.keel/**', '.git/**'],
  })) {
    files.push(file);
  }
  return files.sort();
}

/**
 * Runs the project's node:test files, each in its own process, with the database the run chose
 * (`KEEL_TEST_DATABASES`, `KEEL_TEST_POSTGRES_URL`, which `keel/testing` reads), and collects every test's outcome.
 *
 * @example
 * const results = await runProjectTests('examples/bookings', ['test/bookings.test.ts'], { KEEL_TEST_DATABASES: 'pglite' });
 */
export async function runProjectTests(
  root: string,
  files: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ProjectTestResult[]> {
  if (files.length === 0) return [];
  const child = spawn(process.execPath, [runner, root, ...files.map((file) => resolve(root, file))], {
    cwd: root,
    // NODE_TEST_CONTEXT is set when Keel itself runs under node:test; the project's run must be a run of its own.
    env: { ...withoutTestContext(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const results = stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ProjectTestResult);
  if (code !== 0 && results.every((result) => result.outcome !== 'failed')) {
    throw new KeelError('KEEL_INTERNAL', `the project's tests could not be run: ${stderr.trim().split('\n')[0] ?? ''}`);
  }
  return results;
}

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== 'NODE_TEST_CONTEXT'));
}
