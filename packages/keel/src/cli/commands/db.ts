import { relative } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Database } from '../../database/index.ts';
import { KeelError } from '../../errors/index.ts';
import type { Migration, MigrationEvent, MigrationState, MigrationStatus } from '../../migrations/index.ts';
import type { DifferenceKind } from '../../model/catalog/index.ts';
import { loadProject, type Project } from '../../project/index.ts';
import { createOutput, exitCodes, type Output } from '../output.ts';

// Loaded when a db command runs, not when the CLI starts: the database drivers are the heaviest modules Keel has.
const migrationModule = () => import('../../migrations/index.ts');

interface DbOptions {
  readonly database?: string;
  readonly json?: boolean;
}

/** `keel db migrate|rollback|status|seed|reset|diff`: the project's migrations and seed data. */
export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('apply, roll back and inspect migrations; load seed data')
    .addHelpText(
      'after',
      `
The database is --database, else DATABASE_URL, else embedded PGlite kept in the project's .keel/data/.
Migrations are migrations/NNNN_name.sql files with -- migrate:up and -- migrate:down sections.`,
    );

  withDatabaseOptions(db.command('migrate'))
    .description('apply pending migrations in order, each in one transaction')
    .option('--to <version>', 'apply pending migrations up to this version only', parseVersion)
    .addHelpText(
      'after',
      `
Examples:
  keel db migrate
  keel db migrate examples/bookings --to 3
  DATABASE_URL=postgres://app@db/bookings keel db migrate --json`,
    )
    .action(async (dir: string, options: DbOptions & { to?: number }) => {
      const output = createOutput({ json: options.json === true });
      const report = migrationReporter(output);
      const { migrations, database } = await openProjectDatabase(dir, options);
      try {
        const { applied } = await (
          await migrationModule()
        ).migrate(database, migrations, { to: options.to, log: report.log });
        output.result({ ok: true, database: database.kind, applied: applied.map(report.describe) });
        if (applied.length === 0) output.line(output.style.dim(`nothing to apply: ${allApplied(migrations.length)}`));
      } finally {
        await database.close();
      }
    });

  withDatabaseOptions(db.command('rollback'))
    .description('roll back the last applied migration, or every one above --to')
    .option('--to <version>', 'roll back every migration above this version (0: all)', parseVersion)
    .addHelpText(
      'after',
      `
Examples:
  keel db rollback             undo the last migration
  keel db rollback --to 2      undo every migration after 0002
  keel db rollback --to 0      undo them all`,
    )
    .action(async (dir: string, options: DbOptions & { to?: number }) => {
      const output = createOutput({ json: options.json === true });
      const report = migrationReporter(output);
      const { migrations, database } = await openProjectDatabase(dir, options);
      try {
        const { rolledBack } = await (
          await migrationModule()
        ).rollback(database, migrations, { to: options.to, log: report.log });
        output.result({ ok: true, database: database.kind, rolledBack: rolledBack.map(report.describe) });
        if (rolledBack.length === 0) output.line(output.style.dim('nothing to roll back: no migration is applied'));
      } finally {
        await database.close();
      }
    });

  withDatabaseOptions(db.command('status'))
    .description('list every migration: applied, pending, edited since applied, or applied but missing its file')
    .addHelpText(
      'after',
      `
Examples:
  keel db status
  keel db status --json`,
    )
    .action(async (dir: string, options: DbOptions) => {
      const output = createOutput({ json: options.json === true });
      const { migrations, database } = await openProjectDatabase(dir, options);
      try {
        const statuses = await (await migrationModule()).migrationStatus(database, migrations);
        const current = statuses.every((status) => status.state === 'applied');
        output.result({ ok: true, database: database.kind, current, migrations: statuses });
        if (statuses.length === 0) {
          output.line(output.style.dim('no migrations'));
          return;
        }
        const rows = statuses.map((status) => [
          padVersion(status.version),
          status.name,
          status.state,
          status.appliedAt?.toISOString() ?? '',
        ]);
        const widths = [0, 1, 2].map((column) =>
          Math.max(['VERSION', 'NAME', 'STATE'][column]?.length ?? 0, ...rows.map((row) => row[column]?.length ?? 0)),
        );
        const pad = (text: string, column: number): string => text.padEnd(widths[column] ?? 0);
        output.line(output.style.bold(`${pad('VERSION', 0)}  ${pad('NAME', 1)}  ${pad('STATE', 2)}  APPLIED AT`));
        for (const [index, row] of rows.entries()) {
          const state = statuses[index]?.state ?? 'pending';
          const [version = '', name = '', stateText = '', appliedAt = ''] = row;
          output.line(
            `${pad(version, 0)}  ${pad(name, 1)}  ${styleState(output, state, pad(stateText, 2))}  ${appliedAt}`,
          );
        }
      } finally {
        await database.close();
      }
    });

  withDatabaseOptions(db.command('seed'))
    .description('run every seeds/*.sql file in name order, each in one transaction')
    .addHelpText(
      'after',
      `
Seeds run every time: write them to be repeatable (insert ... on conflict do nothing).

Examples:
  keel db seed
  keel db seed examples/bookings`,
    )
    .action(async (dir: string, options: DbOptions) => {
      const output = createOutput({ json: options.json === true });
      const { project, database } = await openProjectDatabase(dir, options);
      try {
        const result = await (await migrationModule()).runSeeds(database, project.paths.seeds);
        const shown = relative(process.cwd(), result.dir) || result.dir;
        output.result({ ok: true, database: database.kind, dir: shown, missing: result.missing, ran: result.ran });
        if (result.missing) output.line(output.style.dim(`no seeds folder at ${shown}: nothing to seed`));
        for (const run of result.ran) output.line(`${output.style.ok('seeded')} ${run.file} (${run.durationMs} ms)`);
        if (!result.missing && result.ran.length === 0) output.line(output.style.dim(`no .sql files in ${shown}`));
      } finally {
        await database.close();
      }
    });

  withDatabaseOptions(db.command('reset'))
    .description('roll back every migration, then apply them all again (drops their data)')
    .option('--yes', 'confirm: the tables the migrations created lose their data')
    .addHelpText(
      'after',
      `
Examples:
  keel db reset --yes
  keel db reset --yes && keel db seed`,
    )
    .action(async (dir: string, options: DbOptions & { yes?: boolean }) => {
      const output = createOutput({ json: options.json === true });
      if (options.yes !== true) {
        throw new KeelError(
          'KEEL_USAGE',
          'db reset rolls back every migration, deleting the tables they created and their data; nothing was done',
          { fix: 'Run `keel db reset --yes` to confirm (on a database whose data you can lose).' },
        );
      }
      const report = migrationReporter(output);
      const { migrations, database } = await openProjectDatabase(dir, options);
      try {
        const result = await (await migrationModule()).reset(database, migrations, { log: report.log });
        output.result({
          ok: true,
          database: database.kind,
          rolledBack: result.rolledBack.map(report.describe),
          applied: result.applied.map(report.describe),
        });
      } finally {
        await database.close();
      }
    });

  withDatabaseOptions(db.command('diff'))
    .description('show drift: where the database differs from what its migrations build')
    .option(
      '--scratch-database <url>',
      "a PostgreSQL server to build the expected schema on (default: the database's own server, else PGlite)",
    )
    .addHelpText(
      'after',
      `
Every migration is applied to a scratch database (PGlite in memory, or a fresh database on the PostgreSQL server,
which needs the CREATEDB privilege); its catalog is compared with the database's. Each object that differs is
listed: missing (the migrations create it, the database lacks it), unexpected (the database has it, the
migrations do not create it) or changed (expected value → actual value). Migrations applied and then edited,
or applied and since deleted, are listed too. Exit 1 when there is drift, 0 when there is none.

Examples:
  keel db diff
  keel db diff examples/bookings --json
  keel db diff --database postgres://app@db/bookings --scratch-database postgres://admin@localhost/postgres`,
    )
    .action(async (dir: string, options: DbOptions & { scratchDatabase?: string }) => {
      const output = createOutput({ json: options.json === true });
      const { project, migrations, database } = await openProjectDatabase(dir, options);
      const { compareCatalogs, describeChanges, introspectCatalog } = await import('../../model/catalog/index.ts');
      let live: Awaited<ReturnType<typeof introspectCatalog>>;
      let statuses: MigrationStatus[];
      try {
        live = await introspectCatalog(database);
        statuses = await (await migrationModule()).migrationStatus(database, migrations);
      } finally {
        await database.close();
      }
      const { migratedCatalog } = await import('../../generate/migrated-catalog.ts');
      const scratch = options.scratchDatabase ?? (database.kind === 'postgres' ? databaseUrl(options) : undefined);
      const expected = await migratedCatalog(migrations, { databaseUrl: scratch });
      const differences = compareCatalogs(expected, live);
      const drifted = statuses.filter((status) => status.state === 'edited' || status.state === 'missing');
      const pending = statuses.filter((status) => status.state === 'pending');
      const ok = differences.length === 0 && drifted.length === 0;
      output.result({
        ok,
        database: database.kind,
        differences,
        migrations: [...drifted, ...pending].map(({ version, name, file, state }) => ({ version, name, file, state })),
      });
      if (!ok) process.exitCode = exitCodes.gateFailed;
      const folder = relative(process.cwd(), project.paths.migrations) || project.paths.migrations;
      if (ok) {
        output.line(`${output.style.ok('no drift')}: the database matches ${folder}/ (${plural(migrations.length)})`);
      } else {
        output.line(output.style.bold(`drift between the database and ${folder}/ (${plural(migrations.length)}):`));
        const width = 'unexpected'.length;
        for (const difference of differences) {
          const changes = difference.changes.length > 0 ? `: ${describeChanges(difference.changes)}` : '';
          output.line(`  ${styleDifference(output, difference.kind, width)}  ${difference.object}${changes}`);
        }
        for (const status of drifted) {
          const why = status.state === 'edited' ? 'applied, then its file was edited' : 'applied, but its file is gone';
          output.line(`  ${output.style.bad(status.state.padEnd(width))}  migration ${status.file}: ${why}`);
        }
      }
      if (pending.length > 0) {
        output.line(
          output.style.warn(
            `${plural(pending.length)} not applied yet (${pending.map((status) => status.file).join(', ')}): ` +
              'their objects show as missing; `keel db migrate` applies them',
          ),
        );
      }
    });
}

function withDatabaseOptions(command: Command): Command {
  return command
    .argument('[dir]', 'the project folder', '.')
    .option('--database <url>', 'PostgreSQL URL (default: DATABASE_URL, else embedded PGlite under .keel/data/)')
    .option('--json', 'print the result as JSON');
}

async function openProjectDatabase(
  dir: string,
  options: DbOptions,
): Promise<{ project: Project; migrations: readonly Migration[]; database: Database }> {
  const project = await loadProject(dir);
  const migrations = await (await import('../../migrations/index.ts')).readMigrations(project.paths.migrations);
  const url = databaseUrl(options);
  const { openDatabase, extensionsUsedBy } = await import('../../database/index.ts');
  const database = await openDatabase({
    url,
    dataDir: project.paths.data,
    extensions: extensionsUsedBy(migrations.map((migration) => migration.up)),
  });
  return { project, migrations, database };
}

/** --database, else DATABASE_URL; undefined (embedded PGlite) when neither is set. */
function databaseUrl(options: DbOptions): string | undefined {
  const url = options.database ?? process.env['DATABASE_URL'];
  return url === '' ? undefined : url;
}

/** Prints a line per migration applied or rolled back, and keeps its duration for the JSON result. */
function migrationReporter(output: Output) {
  const durations = new Map<Migration, number>();
  return {
    log: (event: MigrationEvent): void => {
      if (event.kind !== 'applied' && event.kind !== 'rolled-back') return;
      durations.set(event.migration, event.durationMs);
      const verb = event.kind === 'applied' ? output.style.ok('applied') : output.style.warn('rolled back');
      output.line(`${verb} ${padVersion(event.migration.version)} ${event.migration.name} (${event.durationMs} ms)`);
    },
    describe: (migration: Migration) => ({
      version: migration.version,
      name: migration.name,
      file: migration.file,
      durationMs: durations.get(migration),
    }),
  };
}

function styleState(output: Output, state: MigrationState, text: string): string {
  if (state === 'applied') return output.style.ok(text);
  if (state === 'pending') return output.style.warn(text);
  return output.style.bad(text);
}

function styleDifference(output: Output, kind: DifferenceKind, width: number): string {
  const text = kind.padEnd(width);
  if (kind === 'missing') return output.style.bad(text);
  return kind === 'unexpected' ? output.style.warn(text) : output.style.bold(text);
}

function plural(count: number): string {
  return count === 1 ? '1 migration' : `${count} migrations`;
}

function padVersion(version: number): string {
  return String(version).padStart(4, '0');
}

function allApplied(count: number): string {
  if (count === 0) return 'there are no migrations';
  return count === 1 ? 'the one migration is applied' : `all ${count} migrations are applied`;
}

function parseVersion(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 31 - 1) {
    throw new InvalidArgumentError(`"${value}" is not a migration version (a whole number, 0 or more)`);
  }
  return Number(value);
}
