import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, 'bin.ts');

/** What a run of the CLI left: its exit code and both streams. */
export interface KeelRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the keel CLI as a user would, in a child process, without colour and with no DATABASE_URL from the
 * environment. For tests.
 */
export async function runKeel(args: readonly string[]): Promise<KeelRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
