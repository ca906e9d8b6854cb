import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import pg from 'pg';
import { readMigrations, parseMigrationFile, type Migration } from '../../migrations/index.ts';
import { createTestDatabase, testDatabaseKinds, testPostgresUrl, type TestDatabaseKind } from '../../testing/index.ts';
import { testMigration } from './catalog-test-helpers.ts';
import { proveReversibility, proveReversibilityOn, type ReversibilityIssue } from './prove-reversibility.ts';
import { withScratchDatabase } from './scratch-database.ts';

const flagship = new URL('../../../../../examples/bookings/migrations', import.meta.url);
const everyObjectKind = new URL('fixtures/0001_every_object_kind.sql', import.meta.url);

const widgets = testMigration(
  1,
  'widgets',
  'create table widgets (id bigint generated always as identity primary key, label text not null, colour text);',
  'drop table widgets;',
);

/** The proof on a fresh test database of this kind (PGlite from the cached template: faster than a cold start). */
async function prove(kind: TestDatabaseKind, migrations: readonly Migration[]): Promise<ReversibilityIssue[]> {
  const testDatabase = await createTestDatabase(kind, { extensions: ['btree_gist'] });
  try {
    return await proveReversibilityOn(testDatabase.database, migrations);
  } finally {
    await testDatabase.dispose();
  }
}

/** Issues without the migration object, for deepEqual; the migration is named by its file. */
function summary(issues: readonly ReversibilityIssue[]): { kind: string; file: string; object?: string }[] {
  return issues.map((issue) => ({
    kind: issue.kind,
    file: issue.migration.file,
    ...(issue.object === undefined ? {} : { object: issue.object }),
  }));
}

async function scratchDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like 'keel\\_scratch\\_${process.pid}\\_%'`,
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

for (const kind of testDatabaseKinds()) {
  describe(`proveReversibility on ${kind}`, () => {
    test('the flagship’s migrations are reversible, proven on a scratch database of their own', async () => {
      const migrations = await readMigrations(flagship.pathname);
      assert.ok(migrations.length >= 3);
      const issues = await proveReversibility({
        migrations,
        ...(kind === 'postgres' ? { databaseUrl: testPostgresUrl() } : {}),
      });
      assert.deepEqual(issues, []);
      if (kind === 'postgres') assert.deepEqual(await scratchDatabases(), [], 'the scratch database is dropped');
    });

    test('every object kind comes back identical after up, down, up', async () => {
      const migration = parseMigrationFile(everyObjectKind.pathname, await readFile(everyObjectKind, 'utf8'));
      assert.deepEqual(await prove(kind, [migration]), []);
    });

    test('a down step that forgets an index is caught, naming the migration and the index', async () => {
      const index = testMigration(
        2,
        'widgets_label',
        'create index widgets_label_idx on widgets (label);',
        'select 1;',
      );
      const issues = await prove(kind, [widgets, index]);
      assert.deepEqual(summary(issues), [
        { kind: 'irreversible', file: '0002_widgets_label.sql', object: 'index widgets_label_idx' },
        { kind: 'failed', file: '0002_widgets_label.sql' },
      ]);
      assert.equal(issues[0]?.message, 'the down step of 0002_widgets_label leaves index widgets_label_idx behind');
      assert.match(
        issues[1]?.message ?? '',
        /applied again after its down step, the up step of 0002_widgets_label fails: relation "widgets_label_idx" already exists/,
      );
    });

    test('a down step that forgets to drop a column is caught', async () => {
      const notes = testMigration(
        2,
        'widgets_notes',
        'alter table widgets add column if not exists notes text;',
        'select 1;',
      );
      const issues = await prove(kind, [widgets, notes]);
      assert.deepEqual(summary(issues), [
        { kind: 'irreversible', file: '0002_widgets_notes.sql', object: 'column widgets.notes' },
      ]);
      assert.equal(issues[0]?.message, 'the down step of 0002_widgets_notes leaves column widgets.notes behind');
    });

    test('a down step that leaves a function, a trigger and a policy behind is caught, each by name', async () => {
      const guard = testMigration(
        2,
        'widgets_guard',
        [
          'create or replace function trim_label() returns trigger language plpgsql as $$',
          'begin new.label := trim(new.label); return new; end $$;',
          'create or replace trigger widgets_trim before insert on widgets for each row execute function trim_label();',
          'alter table widgets enable row level security;',
          "create policy widgets_visible on widgets for select using (colour <> 'secret');",
        ].join('\n'),
        'alter table widgets disable row level security;',
      );
      const issues = await prove(kind, [widgets, guard]);
      assert.deepEqual(summary(issues), [
        { kind: 'irreversible', file: '0002_widgets_guard.sql', object: 'function trim_label()' },
        { kind: 'irreversible', file: '0002_widgets_guard.sql', object: 'trigger widgets_trim on widgets' },
        { kind: 'irreversible', file: '0002_widgets_guard.sql', object: 'policy widgets_visible on widgets' },
        { kind: 'failed', file: '0002_widgets_guard.sql' },
      ]);
      assert.equal(
        issues[2]?.message,
        'the down step of 0002_widgets_guard leaves policy widgets_visible on widgets behind',
      );
      assert.match(issues[3]?.message ?? '', /policy "widgets_visible" for table "widgets" already exists$/);
    });

    test('a down step that changes an object it should restore shows before and after', async () => {
      const status = testMigration(
        2,
        'widgets_colour_default',
        "alter table widgets alter column colour set default 'blue';",
        "alter table widgets alter column colour set default 'red';",
      );
      const issues = await prove(kind, [widgets, status]);
      assert.deepEqual(
        issues.map((issue) => issue.message),
        [
          'the down step of 0002_widgets_colour_default does not restore column widgets.colour as it was ' +
            "(before the migration → after the rollback): default none → 'red'::text",
        ],
      );
    });

    test('a down step that fails is reported with its SQL error, and the proof goes on', async () => {
      const broken = testMigration(
        2,
        'broken_down',
        'create table gadgets (id int primary key);',
        'drop table gizmos;',
      );
      const index = testMigration(
        3,
        'widgets_label',
        'create index widgets_label_idx on widgets (label);',
        'select 1;',
      );
      const issues = await prove(kind, [widgets, broken, index]);
      assert.deepEqual(summary(issues).slice(0, 2), [
        { kind: 'failed', file: '0002_broken_down.sql' },
        { kind: 'irreversible', file: '0003_widgets_label.sql', object: 'index widgets_label_idx' },
      ]);
      assert.equal(issues[0]?.message, 'the down step of 0002_broken_down fails: table "gizmos" does not exist');
    });

    test('an up step that fails is reported at its line, stops the proof and says which migrations were not checked', async () => {
      const broken = testMigration(2, 'broken_up', 'create table broken (id int primary key,);', 'select 1;');
      const later = testMigration(3, 'later', 'create table later (id int primary key);', 'drop table later;');
      const issues = await prove(kind, [widgets, broken, later]);
      assert.deepEqual(summary(issues), [{ kind: 'failed', file: '0002_broken_up.sql' }]);
      assert.equal(
        issues[0]?.message,
        'the up step of 0002_broken_up fails: syntax error at or near ")" (line 2); ' +
          'the migrations after it were not checked (0003_later)',
      );
    });

    test('an up step that drops a column is data loss no rollback can undo', async () => {
      const dropColour = testMigration(
        2,
        'drop_colour',
        'alter table widgets drop column colour;',
        'alter table widgets add column colour text;',
      );
      const issues = await prove(kind, [widgets, dropColour]);
      assert.deepEqual(summary(issues), [
        { kind: 'data-loss', file: '0002_drop_colour.sql', object: 'column widgets.colour' },
      ]);
      assert.match(
        issues[0]?.message ?? '',
        /^the up step of 0002_drop_colour drops column widgets\.colour: its value in every row of widgets is deleted/,
      );
    });

    test('an up step that drops a table is data loss, and a down step that does not bring it back is irreversible', async () => {
      const dropWidgets = testMigration(2, 'drop_widgets', 'drop table widgets;', 'select 1;');
      const issues = await prove(kind, [widgets, dropWidgets]);
      assert.deepEqual(summary(issues), [
        { kind: 'data-loss', file: '0002_drop_widgets.sql', object: 'table widgets' },
        { kind: 'irreversible', file: '0002_drop_widgets.sql', object: 'table widgets' },
        { kind: 'failed', file: '0002_drop_widgets.sql' },
      ]);
      assert.equal(
        issues[1]?.message,
        'the down step of 0002_drop_widgets does not restore table widgets, which existed before the migration',
      );
    });

    test('a down step that drops a column which existed before the migration is data loss', async () => {
      const rename = testMigration(
        2,
        'rename_label',
        'alter table widgets rename column label to title;',
        'alter table widgets drop column title;\nalter table widgets add column label text not null;',
      );
      const issues = await prove(kind, [widgets, rename]);
      assert.deepEqual(summary(issues), [
        { kind: 'data-loss', file: '0002_rename_label.sql', object: 'column widgets.title' },
      ]);
      assert.equal(
        issues[0]?.message,
        'the down step of 0002_rename_label drops column widgets.title, which existed before the migration: ' +
          'rolling back deletes its value in every row of widgets',
      );
    });

    test('a rename undone by a rename loses nothing', async () => {
      const rename = testMigration(
        2,
        'rename_widgets',
        'alter table widgets rename to gadgets;\nalter table gadgets rename column label to title;',
        'alter table gadgets rename column title to label;\nalter table gadgets rename to widgets;',
      );
      assert.deepEqual(await prove(kind, [widgets, rename]), []);
    });

    test('migrations without a transaction run as `keel db migrate` runs them', async () => {
      const concurrently = testMigration(
        2,
        'widgets_label_concurrently',
        'create index concurrently widgets_label_idx on widgets (label);',
        'drop index concurrently widgets_label_idx;',
        { noTransaction: true },
      );
      const halfUndone = testMigration(
        3,
        'half_undone',
        'create index concurrently widgets_colour_idx on widgets (colour);\ncreate table later (id int);',
        'drop table later;\ndrop index concurrently widgets_nope_idx;',
        { noTransaction: true },
      );
      const issues = await prove(kind, [widgets, concurrently, halfUndone]);
      assert.deepEqual(summary(issues), [{ kind: 'failed', file: '0003_half_undone.sql' }]);
      assert.equal(
        issues[0]?.message,
        'the down step of 0003_half_undone fails: index "widgets_nope_idx" does not exist; ' +
          'it ran without a transaction, so the statements before the failing one remain',
      );
    });

    if (kind === 'postgres') {
      test('the scratch database is dropped even when the proof throws', async () => {
        await assert.rejects(
          withScratchDatabase({ databaseUrl: testPostgresUrl(), extensions: [] }, async () => {
            assert.equal((await scratchDatabases()).length, 1);
            throw new Error('interrupted');
          }),
          /interrupted/,
        );
        assert.deepEqual(await scratchDatabases(), []);
      });
    }
  });
}
