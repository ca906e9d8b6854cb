import type { Command } from 'commander';
import { loadProject } from '../../project/index.ts';
import { createOutput } from '../output.ts';

interface RollbackOptions {
  readonly database?: string;
  readonly acceptDataLoss?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

/** `keel rollback <version> [dir]`: the database back to a release's migration level, then that release's bundle. */
export function registerRollbackCommand(program: Command): void {
  program
    .command('rollback')
    .description('roll the database back to a release’s migration level, refusing to lose data unless told')
    .argument('<version>', 'the release to go back to (releases/<version>/)')
    .argument('[dir]', 'the project folder', '.')
    .option('--database <url>', 'PostgreSQL URL (default: DATABASE_URL, else embedded PGlite under .keel/data/)')
    .option('--accept-data-loss', 'run down steps that drop tables or columns holding data')
    .option('--dry-run', 'print the steps and what they would lose, change nothing')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel rollback 1.2.0 --dry-run
  DATABASE_URL=postgres://app@db/bookings keel rollback 1.2.0
  keel rollback 1.2.0 --accept-data-loss      after reading what would be lost

Each down step that drops a table or column holding data is listed with how many rows or values it holds; without
--accept-data-loss nothing runs then. Afterwards, deploy that release's bundle (releases/<version>/deploy/).`,
    )
    .action(async (version: string, dir: string, options: RollbackOptions) => {
      const output = createOutput({ json: options.json === true });
      const project = await loadProject(dir);
      const [{ readMigrations }, { openDatabase, extensionsUsedBy }, { rollbackToRelease }] = await Promise.all([
        import('../../migrations/index.ts'),
        import('../../database/index.ts'),
        import('../../ship/index.ts'),
      ]);
      const migrations = await readMigrations(project.paths.migrations);
      const url = options.database ?? process.env['DATABASE_URL'];
      const database = await openDatabase({
        url: url === '' ? undefined : url,
        dataDir: project.paths.data,
        extensions: extensionsUsedBy(migrations.map((migration) => migration.up)),
      });
      try {
        const result = await rollbackToRelease(project, database, migrations, version, {
          acceptDataLoss: options.acceptDataLoss === true,
          dryRun: options.dryRun === true,
        });
        output.result({
          ok: true,
          version,
          rolledBack: result.rolledBack,
          steps: result.steps,
          bundle: result.bundle,
        });
        const { style } = output;
        if (result.steps.length === 0) {
          output.line(
            style.dim(`the database is at release ${version}'s migration level already; nothing to roll back`),
          );
        }
        for (const step of result.steps) {
          output.line(`${result.rolledBack ? style.warn('rolled back') : 'would roll back'} ${step.file}`);
          for (const loss of step.losses) {
            output.line(
              `  ${style.bad('loses')} ${loss.message} (${loss.count === null ? 'could not count' : `${loss.count} now`})`,
            );
          }
        }
        output.line(`Deploy release ${version}: ${result.bundle}/ (its ../RELEASE.md has the commands).`);
      } finally {
        await database.close();
      }
    });
}
