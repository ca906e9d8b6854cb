import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../testing/index.ts';
import { runKeel, type KeelRun } from '../run-keel.ts';

const keel = runKeel;
type Run = KeelRun;

function json(run: Run): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    assert.fail(`stdout is not JSON: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

function errorCode(run: Run): unknown {
  return (json(run)['error'] as Record<string, unknown> | undefined)?.['code'];
}

const widgets =
  '-- migrate:up\ncreate table widgets (id int primary key, name text not null);\n-- migrate:down\ndrop table widgets;\n';
const sizes =
  '-- migrate:up\nalter table widgets add column size int;\n-- migrate:down\nalter table widgets drop column size;\n';

let root: string;

/** A project folder with these migrations (and seeds). */
async function project(
  name: string,
  migrations: Record<string, string>,
  seeds?: Record<string, string>,
): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'migrations'), { recursive: true });
  for (const [file, text] of Object.entries(migrations)) await writeFile(join(dir, 'migrations', file), text);
  if (seeds !== undefined) {
    await mkdir(join(dir, 'seeds'));
    for (const [file, text] of Object.entries(seeds)) await writeFile(join(dir, 'seeds', file), text);
  }
  return dir;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-db-cli-'));
});
after(() => rm(root, { recursive: true, force: true }));

describe('keel db, refusing bad input before touching a database', () => {
  test('a malformed migration: exit 2 with KEEL_MIGRATION_INVALID naming the file and line', async () => {
    const dir = await project('malformed', {
      '0001_widgets.sql': widgets,
      '0002_sizes.sql': `${sizes}-- migrate:up\n`,
    });
    const run = await keel(['db', 'migrate', dir, '--json', '--database', 'postgres://nobody@127.0.0.1:1/none']);
    assert.equal(run.code, 2);
    const error = json(run)['error'] as Record<string, unknown>;
    assert.equal(error['code'], 'KEEL_MIGRATION_INVALID');
    assert.match(String(error['message']), /^0002_sizes\.sql:5: a second -- migrate:up line/);
    assert.deepEqual(error['location'], { file: join(dir, 'migrations', '0002_sizes.sql'), line: 5 });
  });

  test('db reset without --yes: exit 2 with KEEL_USAGE, and nothing done', async () => {
    const dir = await project('reset-unconfirmed', { '0001_widgets.sql': widgets });
    const run = await keel(['db', 'reset', dir, '--json']);
    assert.equal(run.code, 2);
    const error = json(run)['error'] as Record<string, unknown>;
    assert.equal(error['code'], 'KEEL_USAGE');
    assert.match(String(error['message']), /^db reset rolls back every migration/);
    assert.match(String(error['fix']), /--yes/);
    assert.equal(existsSync(join(dir, '.keel')), false, 'no database was opened');
  });

  test('an unreachable database: exit 2 with KEEL_DATABASE_UNREACHABLE, the password redacted', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.ok(typeof address === 'object' && address !== null);
    const dir = await project('unreachable', { '0001_widgets.sql': widgets });
    const run = await keel([
      'db',
      'status',
      dir,
      '--json',
      '--database',
      `postgres://app:s3cret@127.0.0.1:${address.port}/app`,
    ]);
    assert.equal(run.code, 2);
    assert.equal(errorCode(run), 'KEEL_DATABASE_UNREACHABLE');
    assert.doesNotMatch(run.stdout, /s3cret/);
  });

  test('--to that is not a version: exit 2 with KEEL_USAGE', async () => {
    const run = await keel(['db', 'rollback', root, '--to', 'last', '--json']);
    assert.equal(run.code, 2);
    assert.equal(errorCode(run), 'KEEL_USAGE');
  });
});

const serverKind = testDatabaseKinds().includes('postgres');

describe('keel db on PostgreSQL', { skip: !serverKind && 'KEEL_TEST_DATABASES excludes postgres' }, () => {
  let testDatabase: TestDatabase;
  let database: string[];

  before(async () => {
    testDatabase = await createTestDatabase('postgres');
    database = ['--database', testDatabase.url ?? ''];
  });
  after(() => testDatabase?.dispose());

  test('migrate, rollback, status, seed and reset, as JSON and for people', async () => {
    const dir = await project(
      'lifecycle',
      { '0001_widgets.sql': widgets, '0002_sizes.sql': sizes },
      { '01_widgets.sql': "insert into widgets (id, name) values (1, 'bolt') on conflict do nothing;\n" },
    );

    const migrated = await keel(['db', 'migrate', dir, '--json', ...database]);
    assert.equal(migrated.code, 0, migrated.stdout);
    assert.equal(migrated.stderr, '');
    const result = json(migrated);
    assert.equal(result['ok'], true);
    assert.equal(result['database'], 'postgres');
    const applied = result['applied'] as { version: number; file: string; durationMs: number }[];
    assert.deepEqual(
      applied.map((migration) => migration.file),
      ['0001_widgets.sql', '0002_sizes.sql'],
    );
    assert.ok(applied.every((migration) => Number.isInteger(migration.durationMs)));

    const rolledBack = await keel(['db', 'rollback', dir, ...database]);
    assert.equal(rolledBack.code, 0);
    assert.match(rolledBack.stdout, /^rolled back 0002 sizes \(\d+ ms\)\n$/);

    const table = await keel(['db', 'status', dir, ...database]);
    assert.equal(table.code, 0);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^VERSION\s+NAME\s+STATE\s+APPLIED AT$/);
    assert.match(lines[1] ?? '', /^0001\s+widgets\s+applied\s+\d{4}-\d\d-\d\dT/);
    assert.match(lines[2] ?? '', /^0002\s+sizes\s+pending\s*$/);

    const seeded = json(await keel(['db', 'seed', dir, '--json', ...database]));
    assert.equal(seeded['missing'], false);
    assert.deepEqual(
      (seeded['ran'] as { file: string }[]).map((run) => run.file),
      ['01_widgets.sql'],
    );

    const reset = await keel(['db', 'reset', dir, '--yes', ...database]);
    assert.equal(reset.code, 0);
    assert.equal(
      reset.stdout.replace(/\d+ ms/g, 'N ms'),
      'rolled back 0001 widgets (N ms)\napplied 0001 widgets (N ms)\napplied 0002 sizes (N ms)\n',
    );
  });
});

describe(
  'keel db on embedded PGlite',
  { skip: !testDatabaseKinds().includes('pglite') && 'KEEL_TEST_DATABASES excludes pglite' },
  () => {
    test('without a database URL, migrations persist in the project’s .keel/data', async () => {
      const dir = await project('embedded', { '0001_widgets.sql': widgets });
      const migrated = await keel(['db', 'migrate', dir, '--json']);
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr);
      assert.equal(json(migrated)['database'], 'pglite');
      assert.ok(existsSync(join(dir, '.keel', 'data')));
      const status = json(await keel(['db', 'status', dir, '--json']));
      assert.deepEqual(
        (status['migrations'] as { state: string }[]).map((migration) => migration.state),
        ['applied'],
      );
    });
  },
);
