import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkMigrationFile, migrationInvalid, type Migration, type MigrationProblem } from './migration-file.ts';

/**
 * Reads every `*.sql` file of a migrations folder, sorted by version. A folder that does not exist holds no
 * migrations. Throws `KEEL_MIGRATION_INVALID` listing every problem of every file, and versions used twice.
 *
 * @example
 * const migrations = await readMigrations(project.paths.migrations);
 */
export async function readMigrations(dir: string): Promise<readonly Migration[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.sql'))
    .map((entry) => entry.name)
    .sort();
  const problems: MigrationProblem[] = [];
  const migrations: Migration[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const result = checkMigrationFile(path, await readFile(path, 'utf8'));
    problems.push(...result.problems);
    if (result.migration !== undefined) migrations.push(result.migration);
  }
  problems.push(...duplicateVersions(migrations));
  if (problems.length > 0) throw migrationInvalid(problems);
  return Object.freeze(migrations.sort((a, b) => a.version - b.version));
}

function duplicateVersions(migrations: readonly Migration[]): MigrationProblem[] {
  const byVersion = Map.groupBy(migrations, (migration) => migration.version);
  return [...byVersion.values()]
    .filter((same) => same.length > 1)
    .flatMap((same) =>
      same.slice(1).map((migration) => ({
        path: migration.path,
        message: `version ${migration.version} is also used by ${same[0]?.file ?? ''}: give each migration its own number`,
      })),
    );
}
