import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../database/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/index.ts';
import { runKeel, type KeelRun } from '../run-keel.ts';

const keel = runKeel;
type Run = KeelRun;

interface DiffResult {
  readonly ok: boolean;
  readonly differences: readonly { kind: string; list: string; object: string }[];
  readonly migrations: readonly { file: string; state: string }[];
}

function diffResult(run: Run): DiffResult {
  try {
    return JSON.parse(run.stdout) as DiffResult;
  } catch {
    assert.fail(`stdout is not JSON: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

const widgets =
  '-- migrate:up\ncreate table widgets (id int primary key, name text not null);\n-- migrate:down\ndrop table widgets;\n';
const sizes =
  '-- migrate:up\nalter table widgets add column size int;\n-- migrate:down\nalter table widgets drop column size;\n';

let root: string;

async function project(name: string, migrations: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'migrations'), { recursive: true });
  for (const [file, text] of Object.entries(migrations)) await writeFile(join(dir, 'migrations', file), text);
  return dir;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-db-diff-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('keel db diff --help shows examples', async () => {
  const help = await keel(['db', 'diff', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Examples:\n {2}keel db diff\n/);
});

describe(
  'keel db diff on embedded PGlite',
  { skip: !testDatabaseKinds().includes('pglite') && 'KEEL_TEST_DATABASES excludes pglite' },
  () => {
    test('a column added by hand to .keel/data is drift: exit 1, the column named', async () => {
      const dir = await project('embedded', { '0001_widgets.sql': widgets });
      assert.equal((await keel(['db', 'migrate', dir])).code, 0);
      const clean = await keel(['db', 'diff', dir]);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      assert.match(clean.stdout, /^no drift: the database matches .*migrations\/ \(1 migration\)\n$/);

      const database = await openDatabase({ dataDir: join(dir, '.keel', 'data'), extensions: [] });
      try {
        await sql`alter table widgets add column colour text`.execute(database.db);
        await sql`alter table widgets alter column name drop not null`.execute(database.db);
      } finally {
        await database.close();
      }
      const drift = await keel(['db', 'diff', dir]);
      assert.equal(drift.code, 1, drift.stdout + drift.stderr);
      assert.match(drift.stdout, /^drift between the database and .*migrations\/ \(1 migration\):\n/);
      assert.match(drift.stdout, /\n {2}unexpected {2}column widgets\.colour\n/);
      assert.match(drift.stdout, /\n {2}changed {5}column widgets\.name: not null yes → no\n/);

      await writeFile(join(dir, 'migrations', '0001_widgets.sql'), widgets.replace('text not null', 'text'));
      await writeFile(join(dir, 'migrations', '0002_sizes.sql'), sizes);
      const json = diffResult(await keel(['db', 'diff', dir, '--json']));
      assert.equal(json.ok, false);
      assert.deepEqual(
        json.differences.map((difference) => [difference.kind, difference.object]),
        [
          ['missing', 'column widgets.size'],
          ['unexpected', 'column widgets.colour'],
        ],
      );
      assert.deepEqual(
        json.migrations.map((migration) => [migration.file, migration.state]),
        [
          ['0001_widgets.sql', 'edited'],
          ['0002_sizes.sql', 'pending'],
        ],
      );
    });
  },
);

describe(
  'keel db diff on PostgreSQL',
  { skip: !testDatabaseKinds().includes('postgres') && 'KEEL_TEST_DATABASES excludes postgres' },
  () => {
    let testDatabase: TestDatabase;
    before(async () => {
      testDatabase = await createTestDatabase('postgres');
    });
    after(() => testDatabase?.dispose());

    test('an index dropped by hand and a migration file deleted are drift', async () => {
      const database = ['--database', testDatabase.url ?? ''];
      const dir = await project('server', { '0001_widgets.sql': widgets, '0002_sizes.sql': sizes });
      assert.equal((await keel(['db', 'migrate', dir, ...database])).code, 0);
      const clean = await keel(['db', 'diff', dir, '--json', ...database]);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      assert.deepEqual(diffResult(clean), { ok: true, database: 'postgres', differences: [], migrations: [] });

      await sql`create index widgets_name on widgets (name)`.execute(testDatabase.database.db);
      await rm(join(dir, 'migrations', '0002_sizes.sql'));
      const drift = await keel(['db', 'diff', dir, ...database]);
      assert.equal(drift.code, 1, drift.stdout + drift.stderr);
      assert.match(drift.stdout, /\n {2}unexpected {2}column widgets\.size\n/);
      assert.match(drift.stdout, /\n {2}unexpected {2}index widgets_name\n/);
      assert.match(drift.stdout, /\n {2}missing {5}migration 0002_sizes\.sql: applied, but its file is gone\n/);
    });
  },
);
