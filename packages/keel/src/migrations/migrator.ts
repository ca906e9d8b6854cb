import type { Database, Session, SessionTransaction } from '../database/index.ts';
import { splitStatements } from '../database/sql-script.ts';
import { KeelError } from '../errors/index.ts';
import { scriptFailure } from './migration-error.ts';
import type { Migration } from './migration-file.ts';
import {
  deleteRecord,
  ensureMigrationsTable,
  readAppliedMigrations,
  recordApplied,
  type AppliedMigration,
} from './schema-migrations.ts';

/**
 * The `pg_advisory_lock` key that serialises migrators (and seeds) across processes: "keel" in ASCII, then 1.
 * Instances starting together therefore apply each migration exactly once.
 */
export const migrationLockKey = 0x6b65656c0001n;

export type MigrationEvent =
  | { readonly kind: 'applying' | 'rolling-back'; readonly migration: Migration }
  | { readonly kind: 'applied' | 'rolled-back'; readonly migration: Migration; readonly durationMs: number };

export interface MigrateOptions {
  /** Apply pending migrations up to and including this version only. */
  readonly to?: number | undefined;
  readonly log?: ((event: MigrationEvent) => void) | undefined;
}

export interface RollbackOptions {
  /** Roll back every applied migration above this version (0: all of them); by default only the last one. */
  readonly to?: number | undefined;
  readonly log?: ((event: MigrationEvent) => void) | undefined;
}

export type MigrationState = 'applied' | 'pending' | 'edited' | 'missing';

export interface MigrationStatus {
  readonly version: number;
  readonly name: string;
  /** The file's name; for a missing migration, the name it would have. */
  readonly file: string;
  readonly state: MigrationState;
  readonly appliedAt?: Date;
}

/**
 * Applies pending migrations in version order, each in one transaction with its record in `keel.schema_migrations`,
 * after checking that every applied migration still has its file, unedited.
 *
 * @example
 * const { applied } = await migrate(database, await readMigrations('migrations'));
 */
export async function migrate(
  database: Database,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): Promise<{ applied: Migration[] }> {
  const applied = await database.withLock(migrationLockKey, (session) => applyPending(session, migrations, options));
  return { applied };
}

/** Runs down sections, newest first, each in one transaction with the removal of its record. */
export async function rollback(
  database: Database,
  migrations: readonly Migration[],
  options: RollbackOptions = {},
): Promise<{ rolledBack: Migration[] }> {
  const rolledBack = await database.withLock(migrationLockKey, (session) =>
    rollBackApplied(session, migrations, options),
  );
  return { rolledBack };
}

/** Rolls back every applied migration, then applies them all: an empty schema for development. */
export async function reset(
  database: Database,
  migrations: readonly Migration[],
  options: { readonly log?: ((event: MigrationEvent) => void) | undefined } = {},
): Promise<{ rolledBack: Migration[]; applied: Migration[] }> {
  return database.withLock(migrationLockKey, async (session) => {
    const rolledBack = await rollBackApplied(session, migrations, { to: 0, log: options.log });
    const applied = await applyPending(session, migrations, { log: options.log });
    return { rolledBack, applied };
  });
}

/** Every migration, from the files and the database, by version. */
export async function migrationStatus(
  database: Database,
  migrations: readonly Migration[],
): Promise<MigrationStatus[]> {
  const applied = new Map((await readAppliedMigrations(database.db)).map((row) => [row.version, row]));
  const statuses: MigrationStatus[] = migrations.map((migration) => {
    const row = applied.get(migration.version);
    const base = { version: migration.version, name: migration.name, file: migration.file };
    if (row === undefined) return { ...base, state: 'pending' };
    return { ...base, state: row.checksum === migration.checksum ? 'applied' : 'edited', appliedAt: row.appliedAt };
  });
  const files = new Set(migrations.map((migration) => migration.version));
  for (const row of applied.values()) {
    if (files.has(row.version)) continue;
    statuses.push({
      version: row.version,
      name: row.name,
      file: expectedFile(row),
      state: 'missing',
      appliedAt: row.appliedAt,
    });
  }
  return statuses.sort((a, b) => a.version - b.version);
}

/**
 * Whether every migration file is applied and unedited (one query; `/readyz` asks it). Applied migrations without a
 * file do not count against it, so instances of the previous release stay ready while a new one migrates.
 */
export async function isCurrent(database: Database, migrations: readonly Migration[]): Promise<boolean> {
  const applied = new Map((await readAppliedMigrations(database.db)).map((row) => [row.version, row.checksum]));
  return migrations.every((migration) => applied.get(migration.version) === migration.checksum);
}

async function applyPending(
  session: Session,
  migrations: readonly Migration[],
  options: MigrateOptions,
): Promise<Migration[]> {
  const { to, log } = options;
  if (to !== undefined && to !== 0 && !migrations.some((migration) => migration.version === to)) {
    throw new KeelError('KEEL_MIGRATION_TARGET_INVALID', `no migration file has version ${to}`, {
      extensions: { versions: migrations.map((migration) => migration.version) },
    });
  }
  await ensureMigrationsTable(session);
  const applied = await readAppliedMigrations(session.db);
  checkApplied(applied, migrations);
  const done = new Set(applied.map((row) => row.version));
  const pending = migrations
    .filter((migration) => !done.has(migration.version) && (to === undefined || migration.version <= to))
    .sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    log?.({ kind: 'applying', migration });
    const durationMs = await runSection(session, migration, 'up');
    log?.({ kind: 'applied', migration, durationMs });
  }
  return pending;
}

async function rollBackApplied(
  session: Session,
  migrations: readonly Migration[],
  options: RollbackOptions,
): Promise<Migration[]> {
  const { to, log } = options;
  await ensureMigrationsTable(session);
  const applied = await readAppliedMigrations(session.db);
  if (to !== undefined && to !== 0 && !applied.some((row) => row.version === to)) {
    const versions = applied.map((row) => row.version);
    throw new KeelError(
      'KEEL_MIGRATION_TARGET_INVALID',
      `${to} is not an applied migration; applied: ${versions.length === 0 ? 'none' : versions.join(', ')} (0 rolls back all)`,
      { extensions: { applied: versions } },
    );
  }
  const targets = (to === undefined ? applied.slice(-1) : applied.filter((row) => row.version > to)).reverse();
  checkApplied(targets, migrations);
  const byVersion = new Map(migrations.map((migration) => [migration.version, migration]));
  const rolledBack: Migration[] = [];
  for (const row of targets) {
    const migration = byVersion.get(row.version);
    if (migration === undefined) continue; // checkApplied has refused missing files
    log?.({ kind: 'rolling-back', migration });
    const durationMs = await runSection(session, migration, 'down');
    log?.({ kind: 'rolled-back', migration, durationMs });
    rolledBack.push(migration);
  }
  return rolledBack;
}

/** Refuses to go on when an applied migration's file has changed or gone: the schema would no longer match the files. */
function checkApplied(applied: readonly AppliedMigration[], migrations: readonly Migration[]): void {
  const byVersion = new Map(migrations.map((migration) => [migration.version, migration]));
  const edited = applied.flatMap((row) => {
    const migration = byVersion.get(row.version);
    return migration !== undefined && migration.checksum !== row.checksum ? [{ row, migration }] : [];
  });
  if (edited.length > 0) {
    const first = edited[0]?.migration;
    throw new KeelError(
      'KEEL_MIGRATION_EDITED',
      edited
        .map(
          ({ row, migration }) =>
            `${migration.file} was edited after it was applied (applied checksum ${short(row.checksum)}, file now ${short(migration.checksum)})`,
        )
        .join('\n'),
      {
        ...(first === undefined ? {} : { location: { file: first.path } }),
        extensions: {
          migrations: edited.map(({ row, migration }) => ({
            file: migration.file,
            appliedChecksum: row.checksum,
            fileChecksum: migration.checksum,
          })),
        },
      },
    );
  }
  const missing = applied.filter((row) => !byVersion.has(row.version));
  if (missing.length > 0) {
    throw new KeelError(
      'KEEL_MIGRATION_MISSING',
      missing.map((row) => `migration ${row.version} (${row.name}) is applied but has no file`).join('\n'),
      {
        extensions: {
          migrations: missing.map((row) => ({ version: row.version, name: row.name, file: expectedFile(row) })),
        },
      },
    );
  }
}

/** Runs one direction of a migration with its bookkeeping, and returns how long its SQL took. */
async function runSection(session: Session, migration: Migration, direction: 'up' | 'down'): Promise<number> {
  const script = direction === 'up' ? migration.up : migration.down;
  const firstLine = direction === 'up' ? migration.upLine : migration.downLine;
  const bookkeeping = async (runner: SessionTransaction, durationMs: number): Promise<void> => {
    if (direction === 'up') await recordApplied(runner.db, migration, durationMs);
    else await deleteRecord(runner.db, migration.version);
  };
  if (migration.transaction) {
    try {
      return await session.transaction(async (trx) => {
        const started = performance.now();
        await trx.execScript(script);
        const durationMs = Math.round(performance.now() - started);
        await bookkeeping(trx, durationMs);
        return durationMs;
      });
    } catch (error) {
      throw migrationFailed(migration, direction, error, script, firstLine, 0);
    }
  }
  // Statements such as CREATE INDEX CONCURRENTLY refuse even the implicit transaction of a multi-statement query.
  const started = performance.now();
  for (const statement of splitStatements(script)) {
    try {
      await session.execScript(statement.text);
    } catch (error) {
      throw migrationFailed(migration, direction, error, script, firstLine, statement.offset);
    }
  }
  const durationMs = Math.round(performance.now() - started);
  await bookkeeping(session, durationMs);
  return durationMs;
}

function migrationFailed(
  migration: Migration,
  direction: 'up' | 'down',
  error: unknown,
  script: string,
  firstLine: number,
  offset: number,
): KeelError {
  const failure = scriptFailure(error, script, firstLine, offset);
  const where = failure.line === undefined ? migration.file : `${migration.file}:${failure.line}`;
  const section = direction === 'up' ? 'migrate:up' : 'migrate:down';
  return new KeelError('KEEL_MIGRATION_FAILED', `${where} (${section}): ${failure.message}`, {
    location: failure.line === undefined ? { file: migration.path } : { file: migration.path, line: failure.line },
    ...(migration.transaction
      ? {}
      : {
          fix:
            'This migration runs without a transaction, so the statements before the failing one remain: undo them ' +
            'by hand or make them idempotent (IF NOT EXISTS), correct the SQL, then run `keel db migrate` again.',
        }),
    extensions: { migration: migration.file, version: migration.version, direction, ...failure.details },
    cause: error,
  });
}

function expectedFile(row: AppliedMigration): string {
  return `${String(row.version).padStart(4, '0')}_${row.name}.sql`;
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}
