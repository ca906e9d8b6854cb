import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { migrationChecksum, parseMigrationFile } from './migration-file.ts';
import { readMigrations } from './read-migrations.ts';

const valid = '-- migrate:up\ncreate table widgets (id int);\n\n-- migrate:down\ndrop table widgets;\n';

/** The problems a file is refused for, as `line: message` (line 0: the whole file). */
function problemsOf(file: string, text: string): string[] {
  try {
    parseMigrationFile(`/project/migrations/${file}`, text);
  } catch (error) {
    const { code, extensions } = error as {
      code: string;
      extensions: { problems: { line?: number; message: string }[] };
    };
    assert.equal(code, 'KEEL_MIGRATION_INVALID');
    return extensions.problems.map((problem) => `${problem.line ?? 0}: ${problem.message}`);
  }
  assert.fail(`${file} was accepted`);
}

describe('parseMigrationFile', () => {
  test('reads the version, name, sections, their lines and the checksum', () => {
    const migration = parseMigrationFile('/project/migrations/0007_create_widgets.sql', valid);
    assert.equal(migration.version, 7);
    assert.equal(migration.name, 'create_widgets');
    assert.equal(migration.file, '0007_create_widgets.sql');
    assert.equal(migration.transaction, true);
    assert.equal(migration.up, 'create table widgets (id int);\n');
    assert.equal(migration.down, 'drop table widgets;\n');
    assert.equal(migration.upLine, 2);
    assert.equal(migration.downLine, 5);
    assert.equal(migration.checksum, migrationChecksum(valid));
    assert.match(migration.checksum, /^[0-9a-f]{64}$/);
  });

  test('the checksum covers the whole file and ignores CRLF line endings', () => {
    const crlf = parseMigrationFile('/m/0001_a.sql', valid.replaceAll('\n', '\r\n'));
    assert.equal(crlf.checksum, migrationChecksum(valid));
    assert.equal(crlf.up, 'create table widgets (id int);\n');
    const downEdited = parseMigrationFile(
      '/m/0001_a.sql',
      valid.replace('drop table widgets', 'drop table if exists widgets'),
    );
    assert.notEqual(downEdited.checksum, crlf.checksum);
  });

  test('tolerates whitespace around markers and takes comments before the up section', () => {
    const migration = parseMigrationFile(
      '/m/0002_b.sql',
      '-- Widgets, version two.\n  --   migrate:up  \ncreate table b (id int);\n\t-- migrate:down\t\ndrop table b;',
    );
    assert.equal(migration.up, 'create table b (id int);');
    assert.equal(migration.upLine, 3);
  });

  test('-- keel:no-transaction before the up SQL opts out of the transaction', () => {
    const before = parseMigrationFile('/m/0003_c.sql', `-- keel:no-transaction\n${valid}`);
    const inside = parseMigrationFile(
      '/m/0003_c.sql',
      `-- migrate:up\n-- why: concurrently\n-- keel:no-transaction\ncreate index concurrently i on t (id);\n-- migrate:down\ndrop index i;`,
    );
    assert.equal(before.transaction, false);
    assert.equal(inside.transaction, false);
  });

  test('refuses names that are not NNNN_name.sql', () => {
    for (const file of [
      '1_short.sql',
      '0001-dash.sql',
      '0001_Capital.sql',
      '0001_.sql',
      'widgets.sql',
      '99999999999_big.sql',
    ]) {
      assert.equal(problemsOf(file, valid).length, 1, file);
    }
  });

  test('refuses a file without an up or a down section', () => {
    assert.deepEqual(problemsOf('0001_a.sql', 'create table a (id int);\n-- migrate:down\ndrop table a;'), [
      '0: there is no up section: add a line -- migrate:up before its SQL',
    ]);
    assert.deepEqual(problemsOf('0001_a.sql', '-- migrate:up\ncreate table a (id int);\n'), [
      '0: there is no down section: add a line -- migrate:down before the SQL that undoes it',
    ]);
  });

  test('refuses markers written twice, out of order or misspelt, naming the line', () => {
    assert.deepEqual(problemsOf('0001_a.sql', `${valid}-- migrate:up\n`), [
      '6: a second -- migrate:up line (the first is on line 1)',
    ]);
    assert.deepEqual(problemsOf('0001_a.sql', `${valid}-- migrate:down\n`), [
      '6: a second -- migrate:down line (the first is on line 4)',
    ]);
    assert.deepEqual(problemsOf('0001_a.sql', valid.replace('-- migrate:up', '-- Migrate: Up')), [
      '0: there is no up section: add a line -- migrate:up before its SQL',
      '1: "-- Migrate: Up" is not written as a marker: write exactly -- migrate:up, -- migrate:down or -- keel:no-transaction',
    ]);
    assert.deepEqual(
      problemsOf('0001_a.sql', '-- migrate:down\ndrop table a;\n-- migrate:up\ncreate table a (id int);'),
      ['1: -- migrate:down comes before -- migrate:up'],
    );
  });

  test('refuses SQL before the up section, an empty up section, and a late -- keel:no-transaction', () => {
    assert.deepEqual(problemsOf('0001_a.sql', `select 1;\n${valid}`), [
      '1: SQL before -- migrate:up is never run: move it into a section',
    ]);
    assert.deepEqual(problemsOf('0001_a.sql', '-- migrate:up\n-- nothing yet\n-- migrate:down\n'), [
      '1: the up section has no SQL',
    ]);
    assert.deepEqual(problemsOf('0001_a.sql', `${valid}-- keel:no-transaction\n`), [
      '6: -- keel:no-transaction must come before the up section’s SQL',
    ]);
  });

  test('the error names the file and line, and points its location at the file', () => {
    assert.throws(
      () => parseMigrationFile('/project/migrations/0001_a.sql', `${valid}-- migrate:up\n`),
      (error: { message: string; location: unknown }) => {
        assert.equal(error.message, '0001_a.sql:6: a second -- migrate:up line (the first is on line 1)');
        assert.deepEqual(error.location, { file: '/project/migrations/0001_a.sql', line: 6 });
        return true;
      },
    );
  });
});

describe('readMigrations', () => {
  let root: string;
  const folder = async (name: string, files: Record<string, string>): Promise<string> => {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
    return dir;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'keel-migrations-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('reads the .sql files sorted by version, ignoring other files', async () => {
    const dir = await folder('sorted', {
      '0010_ten.sql': valid,
      '0002_two.sql': valid,
      '00003_three.sql': valid,
      'README.md': '# notes',
    });
    const migrations = await readMigrations(dir);
    assert.deepEqual(
      migrations.map((migration) => migration.file),
      ['0002_two.sql', '00003_three.sql', '0010_ten.sql'],
    );
    assert.equal(migrations[0]?.path, join(dir, '0002_two.sql'));
  });

  test('a folder that does not exist holds no migrations', async () => {
    assert.deepEqual(await readMigrations(join(root, 'absent')), []);
  });

  test('refuses a version used twice, and reports every problem of every file at once', async () => {
    const dir = await folder('duplicates', {
      '0001_a.sql': valid,
      '0001_b.sql': valid,
      '0002_c.sql': 'select 1;',
      'bad-name.sql': valid,
    });
    await assert.rejects(
      readMigrations(dir),
      (error: { code: string; message: string; extensions: { problems: unknown[] } }) => {
        assert.equal(error.code, 'KEEL_MIGRATION_INVALID');
        assert.match(error.message, /^4 problems in the migrations:/);
        assert.match(error.message, /0001_b\.sql: version 1 is also used by 0001_a\.sql/);
        assert.match(error.message, /0002_c\.sql: there is no up section/);
        assert.match(error.message, /bad-name\.sql: the name must be NNNN_name\.sql/);
        assert.equal(error.extensions.problems.length, 4);
        return true;
      },
    );
  });
});
