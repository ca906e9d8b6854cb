import { sql } from 'kysely';
import type { AnyDatabase, Session } from '../database/index.ts';
import { sqlState } from '../database/index.ts';
import type { Migration } from './migration-file.ts';

/** A row of `keel.schema_migrations`: a migration applied to this database. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: Date;
  readonly durationMs: number;
}

const createTableSql = `
create schema if not exists keel;
create table if not exists keel.schema_migrations (
  version integer primary key,
  name text not null,
  checksum text not null,
  applied_at timestamptz not null default now(),
  duration_ms integer not null
);
`;

/** SQLSTATEs of `create ... if not exists` racing another session that creates the same thing. */
const concurrentCreate = new Set(['23505', '42P06', '42P07']);

/** Creates the `keel` schema and the table if absent. Run it under the migration lock. */
export async function ensureMigrationsTable(session: Session): Promise<void> {
  try {
    await session.execScript(createTableSql);
  } catch (error) {
    // Start-up code outside the migration lock may create the `keel` schema at the same moment; once is enough.
    if (!concurrentCreate.has(sqlState(error) ?? '')) throw error;
    await session.execScript(createTableSql);
  }
}

/** Applied migrations by version; none when Keel has never migrated this database. */
export async function readAppliedMigrations(db: AnyDatabase): Promise<AppliedMigration[]> {
  try {
    const { rows } = await sql<{
      version: number;
      name: string;
      checksum: string;
      applied_at: Date;
      duration_ms: number;
    }>`select version, name, checksum, applied_at, duration_ms from keel.schema_migrations order by version`.execute(
      db,
    );
    return rows.map((row) => ({
      version: row.version,
      name: row.name,
      checksum: row.checksum,
      appliedAt: row.applied_at,
      durationMs: row.duration_ms,
    }));
  } catch (error) {
    // 42P01: the table does not exist yet.
    if (sqlState(error) === '42P01') return [];
    throw error;
  }
}

export async function recordApplied(db: AnyDatabase, migration: Migration, durationMs: number): Promise<void> {
  await sql`insert into keel.schema_migrations (version, name, checksum, duration_ms)
    values (${migration.version}, ${migration.name}, ${migration.checksum}, ${durationMs})`.execute(db);
}

export async function deleteRecord(db: AnyDatabase, version: number): Promise<void> {
  await sql`delete from keel.schema_migrations where version = ${version}`.execute(db);
}
