import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type AnyDatabase, type Database } from '../database/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { parseMigrationFile, type Migration } from './migration-file.ts';
import { isCurrent, migrate, migrationStatus, reset, rollback, type MigrationEvent } from './migrator.ts';
import { runSeeds } from './seeds.ts';

function migration(version: number, name: string, up: string, down: string, noTransaction = false): Migration {
  const text = `${noTransaction ? '-- keel:no-transaction\n' : ''}-- migrate:up\n${up}\n-- migrate:down\n${down}\n`;
  return parseMigrationFile(`/project/migrations/${String(version).padStart(4, '0')}_${name}.sql`, text);
}

const widgets = migration(
  1,
  'widgets',
  'create table widgets (id int primary key, name text not null);',
  'drop table widgets;',
);
const gadgets = migration(
  2,
  'gadgets',
  'create table gadgets (id int primary key);\ninsert into gadgets values (1);',
  'drop table gadgets;',
);
/** Needs `widgets`, so it only works after 0001 and must be undone before it. */
const sizes = migration(
  3,
  'sizes',
  'alter table widgets add column size int;',
  'alter table widgets drop column size;',
);
const all = [widgets, gadgets, sizes];

async function tables(db: AnyDatabase): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = 'public' order by table_name`.execute(db);
  return rows.map((row) => row.table_name);
}

async function records(db: AnyDatabase): Promise<{ version: number; name: string; checksum: string }[]> {
  const { rows } = await sql<{ version: number; name: string; checksum: string }>`select version, name, checksum
    from keel.schema_migrations order by version`.execute(db);
  return rows;
}

async function recordedVersions(db: AnyDatabase): Promise<number[]> {
  return (await records(db)).map((row) => row.version);
}

function versions(migrations: readonly Migration[]): number[] {
  return migrations.map((applied) => applied.version);
}

/** Rejects with a KeelError of this code; returns it for further checks. */
async function refusal(
  promise: Promise<unknown>,
  code: string,
): Promise<{ message: string; location?: unknown; fix: string }> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (failure: unknown) => failure as { code: string; message: string; fix: string },
  );
  assert.equal(error.code, code, error.message);
  return error;
}

for (const kind of testDatabaseKinds()) {
  describe(`migrations on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let database: Database;
    let db: AnyDatabase;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      database = testDatabase.database;
      db = database.db;
    });
    after(() => testDatabase.dispose());
    beforeEach(async () => {
      for (const statement of [
        'drop schema if exists keel cascade',
        'drop schema public cascade',
        'create schema public',
      ]) {
        await sql.raw(statement).execute(db);
      }
    });

    test('migrate applies pending migrations in version order and records each with its checksum', async () => {
      const events: string[] = [];
      const log = (event: MigrationEvent) => events.push(`${event.kind} ${event.migration.version}`);
      const { applied } = await migrate(database, [sizes, widgets, gadgets], { log });
      assert.deepEqual(versions(applied), [1, 2, 3]);
      assert.deepEqual(events, ['applying 1', 'applied 1', 'applying 2', 'applied 2', 'applying 3', 'applied 3']);
      assert.deepEqual(await tables(db), ['gadgets', 'widgets']);
      assert.deepEqual(
        await records(db),
        all.map(({ version, name, checksum }) => ({ version, name, checksum })),
      );
      const { rows } = await sql<{ duration_ms: number; applied_at: Date }>`select duration_ms, applied_at
        from keel.schema_migrations`.execute(db);
      for (const row of rows) {
        assert.ok(Number.isInteger(row.duration_ms) && row.duration_ms >= 0);
        assert.ok(row.applied_at instanceof Date);
      }
    });

    test('running migrate again applies nothing, and isCurrent tells whether every file is applied', async () => {
      assert.equal(await isCurrent(database, all), false, 'nothing applied yet, not even the table');
      await migrate(database, all);
      assert.deepEqual((await migrate(database, all)).applied, []);
      assert.equal(await isCurrent(database, all), true);
      const next = migration(4, 'next', 'create table next (id int);', 'drop table next;');
      assert.equal(await isCurrent(database, [...all, next]), false, 'a pending file');
      assert.equal(await isCurrent(database, [widgets]), true, 'applied migrations without files do not count');
    });

    test('migrate --to stops at a version, and refuses a version no file has', async () => {
      assert.deepEqual(versions((await migrate(database, all, { to: 2 })).applied), [1, 2]);
      await refusal(migrate(database, all, { to: 9 }), 'KEEL_MIGRATION_TARGET_INVALID');
      assert.deepEqual(versions((await migrate(database, all)).applied), [3]);
    });

    test('a failing migration leaves nothing of itself behind and names its file and line', async () => {
      const broken = migration(
        2,
        'broken',
        'create table half (id int);\ninsert into half values (1);\nselect * from nowhere;',
        'drop table half;',
      );
      const error = await refusal(migrate(database, [widgets, broken, sizes]), 'KEEL_MIGRATION_FAILED');
      assert.match(error.message, /^0002_broken\.sql:4 \(migrate:up\): relation "nowhere" does not exist$/);
      assert.deepEqual(error.location, { file: broken.path, line: 4 });
      assert.deepEqual(await tables(db), ['widgets'], 'half was rolled back; 0003 did not run');
      assert.deepEqual(await recordedVersions(db), [1]);
    });

    test('an applied migration whose file was edited is refused, and nothing is applied', async () => {
      await migrate(database, [widgets, gadgets]);
      const edited = migration(2, 'gadgets', 'create table gadgets (id bigint primary key);', 'drop table gadgets;');
      const before = await records(db);
      const error = await refusal(migrate(database, [widgets, edited, sizes]), 'KEEL_MIGRATION_EDITED');
      assert.match(error.message, /0002_gadgets\.sql was edited after it was applied/);
      assert.ok(error.message.includes(`applied checksum ${gadgets.checksum.slice(0, 12)}`));
      assert.ok(error.message.includes(`file now ${edited.checksum.slice(0, 12)}`));
      assert.deepEqual(await records(db), before);
      assert.deepEqual(await tables(db), ['gadgets', 'widgets'], '0003 was not applied');
      await refusal(rollback(database, [widgets, edited]), 'KEEL_MIGRATION_EDITED');
    });

    test('an applied migration whose file is gone is refused', async () => {
      await migrate(database, [widgets, gadgets]);
      const error = await refusal(migrate(database, [widgets, sizes]), 'KEEL_MIGRATION_MISSING');
      assert.match(error.message, /migration 2 \(gadgets\) is applied but has no file/);
      assert.deepEqual(await recordedVersions(db), [1, 2]);
    });

    test('rollback undoes the last migration by default, those above --to, or all with 0, newest first', async () => {
      assert.deepEqual((await rollback(database, all)).rolledBack, [], 'nothing applied: nothing to do');
      await migrate(database, all);
      assert.deepEqual(versions((await rollback(database, all)).rolledBack), [3]);
      assert.deepEqual(await recordedVersions(db), [1, 2]);
      await migrate(database, all);
      assert.deepEqual(versions((await rollback(database, all, { to: 1 })).rolledBack), [3, 2]);
      assert.deepEqual(await tables(db), ['widgets']);
      await migrate(database, all);
      assert.deepEqual(versions((await rollback(database, all, { to: 0 })).rolledBack), [3, 2, 1]);
      assert.deepEqual(await tables(db), []);
      assert.deepEqual(await records(db), []);
    });

    test('rollback refuses a target that is not an applied version', async () => {
      await migrate(database, all, { to: 2 });
      const error = await refusal(rollback(database, all, { to: 3 }), 'KEEL_MIGRATION_TARGET_INVALID');
      assert.match(error.message, /3 is not an applied migration; applied: 1, 2/);
      await refusal(rollback(database, all, { to: 7 }), 'KEEL_MIGRATION_TARGET_INVALID');
      assert.deepEqual(await recordedVersions(db), [1, 2]);
    });

    test('a failing down section keeps the migration applied', async () => {
      const stubborn = migration(
        2,
        'stubborn',
        'create table stubborn (id int);',
        'drop table stubborn;\ndrop table nowhere;',
      );
      await migrate(database, [widgets, stubborn]);
      const error = await refusal(rollback(database, [widgets, stubborn]), 'KEEL_MIGRATION_FAILED');
      assert.match(error.message, /^0002_stubborn\.sql \(migrate:down\): table "nowhere" does not exist$/);
      assert.deepEqual(await tables(db), ['stubborn', 'widgets']);
      assert.equal(await isCurrent(database, [widgets, stubborn]), true);
    });

    test('status lists applied, pending, edited and missing migrations', async () => {
      await migrate(database, all);
      const edited = migration(2, 'gadgets', 'create table gadgets (id bigint primary key);', 'drop table gadgets;');
      const pending = migration(4, 'pending', 'create table pending (id int);', 'drop table pending;');
      const statuses = await migrationStatus(database, [widgets, edited, pending]);
      assert.deepEqual(
        statuses.map(({ version, name, file, state }) => ({ version, name, file, state })),
        [
          { version: 1, name: 'widgets', file: '0001_widgets.sql', state: 'applied' },
          { version: 2, name: 'gadgets', file: '0002_gadgets.sql', state: 'edited' },
          { version: 3, name: 'sizes', file: '0003_sizes.sql', state: 'missing' },
          { version: 4, name: 'pending', file: '0004_pending.sql', state: 'pending' },
        ],
      );
      assert.ok(statuses[0]?.appliedAt instanceof Date);
      assert.equal(statuses[3]?.appliedAt, undefined);
      assert.equal(await isCurrent(database, [widgets, edited]), false, 'an edited migration is not current');
    });

    test('reset rolls everything back and applies it again, emptying the tables', async () => {
      await migrate(database, all);
      await sql`insert into widgets (id, name, size) values (1, 'bolt', 2)`.execute(db);
      const result = await reset(database, all);
      assert.deepEqual(versions(result.rolledBack), [3, 2, 1]);
      assert.deepEqual(versions(result.applied), [1, 2, 3]);
      assert.deepEqual((await sql`select * from widgets`.execute(db)).rows, []);
    });

    test('two migrators on one database apply each migration once', async () => {
      const results = await Promise.all([migrate(database, all), migrate(database, all)]);
      assert.deepEqual(results.map((result) => result.applied.length).sort(), [0, 3]);
      assert.deepEqual(await recordedVersions(db), [1, 2, 3]);
    });

    test('seeds run in name order, each in a transaction; a failing one names its line and is rolled back', async () => {
      await migrate(database, [widgets]);
      const seeds = await mkdtemp(join(tmpdir(), 'keel-seeds-'));
      try {
        await writeFile(join(seeds, '02_more.sql'), "insert into widgets values (2, 'nut');\n");
        await writeFile(join(seeds, '01_first.sql'), "insert into widgets values (1, 'bolt');\n");
        await writeFile(join(seeds, 'notes.txt'), 'not a seed');
        const result = await runSeeds(database, seeds);
        assert.equal(result.missing, false);
        assert.deepEqual(
          result.ran.map((run) => run.file),
          ['01_first.sql', '02_more.sql'],
        );
        await writeFile(
          join(seeds, '03_broken.sql'),
          "insert into widgets values (3, 'washer');\ninsert into nowhere values (1);\n",
        );
        await sql`delete from widgets`.execute(db);
        const error = await refusal(runSeeds(database, seeds), 'KEEL_SEED_FAILED');
        assert.match(error.message, /^03_broken\.sql:2: relation "nowhere" does not exist$/);
        const { rows } = await sql<{ id: number }>`select id from widgets order by id`.execute(db);
        assert.deepEqual(rows, [{ id: 1 }, { id: 2 }], 'earlier seeds kept, the broken one rolled back');
      } finally {
        await rm(seeds, { recursive: true, force: true });
      }
      assert.deepEqual(await runSeeds(database, join(seeds, 'gone')), {
        dir: join(seeds, 'gone'),
        missing: true,
        ran: [],
      });
    });

    test('a -- keel:no-transaction migration runs statements one by one, outside a transaction', async () => {
      const index = migration(
        2,
        'widgets_name',
        'create index concurrently widgets_name on widgets (name);\ncreate index concurrently widgets_id_name on widgets (id, name);',
        'drop index concurrently widgets_id_name;\ndrop index concurrently widgets_name;',
        true,
      );
      await migrate(database, [widgets, index]);
      const indexes = async () =>
        (
          await sql<{ indexname: string }>`select indexname from pg_indexes
            where tablename = 'widgets' and indexname like 'widgets_%name' order by indexname`.execute(db)
        ).rows.map((row) => row.indexname);
      assert.deepEqual(await indexes(), ['widgets_id_name', 'widgets_name']);
      assert.deepEqual(versions((await rollback(database, [widgets, index])).rolledBack), [2]);
      assert.deepEqual(await indexes(), []);
    });

    test('a -- keel:no-transaction migration that fails keeps the statements before the failing one', async () => {
      const partial = migration(
        2,
        'partial',
        'create table kept (id int);\n\nselect * from nowhere;',
        'drop table kept;',
        true,
      );
      const error = await refusal(migrate(database, [widgets, partial]), 'KEEL_MIGRATION_FAILED');
      assert.match(error.message, /^0002_partial\.sql:5 \(migrate:up\)/);
      assert.match(error.fix, /without a transaction/);
      assert.deepEqual(await tables(db), ['kept', 'widgets']);
      assert.deepEqual(await recordedVersions(db), [1]);
    });
  });
}

if (testDatabaseKinds().includes('postgres')) {
  describe('migrations on postgres, from two processes', () => {
    let testDatabase: TestDatabase;
    before(async () => {
      testDatabase = await createTestDatabase('postgres');
    });
    after(() => testDatabase.dispose());

    test('CREATE INDEX CONCURRENTLY fails inside a transaction: the opt-out is what makes it work', async () => {
      const inTransaction = migration(
        2,
        'index',
        'create index concurrently widgets_name on widgets (name);',
        'drop index widgets_name;',
      );
      const error = await refusal(migrate(testDatabase.database, [widgets, inTransaction]), 'KEEL_MIGRATION_FAILED');
      assert.match(error.message, /cannot run inside a transaction block/);
      await rollback(testDatabase.database, [widgets], { to: 0 });
    });

    test('two migrators started at once, on separate pools, apply each migration exactly once', async () => {
      const url = testDatabase.url ?? '';
      // Without IF NOT EXISTS, so a second run would fail; the sleep keeps the first migrator busy while the other waits.
      const slow = migration(2, 'slow', 'select pg_sleep(0.2);\ncreate table once (id int);', 'drop table once;');
      const first = await openDatabase({ url });
      const second = await openDatabase({ url });
      try {
        const results = await Promise.all([first, second].map((database) => migrate(database, [widgets, slow, sizes])));
        assert.deepEqual(results.map((result) => result.applied.length).sort(), [0, 3]);
        assert.deepEqual(await recordedVersions(first.db), [1, 2, 3]);
        assert.deepEqual(await tables(first.db), ['once', 'widgets']);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });
  });
}
