export {
  checkMigrationFile,
  migrationChecksum,
  parseMigrationFile,
  type Migration,
  type MigrationProblem,
} from './migration-file.ts';
export {
  isCurrent,
  migrate,
  migrationLockKey,
  migrationStatus,
  reset,
  rollback,
  type MigrateOptions,
  type MigrationEvent,
  type MigrationState,
  type MigrationStatus,
  type RollbackOptions,
} from './migrator.ts';
export { readMigrations } from './read-migrations.ts';
export type { AppliedMigration } from './schema-migrations.ts';
export { runSeeds, type SeedRun, type SeedsResult } from './seeds.ts';
