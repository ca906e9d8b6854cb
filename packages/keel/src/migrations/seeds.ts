import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../database/index.ts';
import { KeelError } from '../errors/index.ts';
import { scriptFailure } from './migration-error.ts';
import { migrationLockKey } from './migrator.ts';

export interface SeedRun {
  readonly file: string;
  readonly durationMs: number;
}

export interface SeedsResult {
  readonly dir: string;
  /** True when the folder does not exist: there was nothing to do. */
  readonly missing: boolean;
  readonly ran: readonly SeedRun[];
}

/**
 * Runs every `*.sql` file of the seeds folder in name order, each in its own transaction. Seeds run every time, so
 * write them to be repeatable (e.g. `insert ... on conflict do nothing`).
 *
 * @example
 * const { ran } = await runSeeds(database, project.paths.seeds);
 */
export async function runSeeds(database: Database, dir: string): Promise<SeedsResult> {
  let files: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    files = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { dir, missing: true, ran: [] };
    throw error;
  }
  // Under the migration lock, so seeds never run against a schema half-way through a migration.
  const ran = await database.withLock(migrationLockKey, async (session) => {
    const runs: SeedRun[] = [];
    for (const file of files) {
      const path = join(dir, file);
      const script = await readFile(path, 'utf8');
      const started = performance.now();
      try {
        await session.transaction((trx) => trx.execScript(script));
      } catch (error) {
        const failure = scriptFailure(error, script, 1);
        const where = failure.line === undefined ? file : `${file}:${failure.line}`;
        throw new KeelError('KEEL_SEED_FAILED', `${where}: ${failure.message}`, {
          location: failure.line === undefined ? { file: path } : { file: path, line: failure.line },
          extensions: { seed: file, ran: runs.map((run) => run.file), ...failure.details },
          cause: error,
        });
      }
      runs.push({ file, durationMs: Math.round(performance.now() - started) });
    }
    return runs;
  });
  return { dir, missing: false, ran };
}
