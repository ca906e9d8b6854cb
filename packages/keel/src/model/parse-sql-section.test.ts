import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSqlSection } from './parse-sql-section.ts';

const file = 'migrations/0001_init.sql';

describe('parseSqlSection', () => {
  test('places each statement at its first line and column in the file, after comments and blank lines', async () => {
    const section = await parseSqlSection(
      '-- a comment\n/* and\n another */  create table a (id uuid primary key);\n\n  alter table a add column b text; -- trailing\n-- after\n',
      file,
      3,
    );
    assert.equal(section.error, undefined);
    assert.deepEqual(
      section.statements.map(
        (statement) => `${statement.kind} ${statement.at.line}:${statement.at.column} ${statement.sql}`,
      ),
      ['CreateStmt 5:14 create table a (id uuid primary key)', 'AlterTableStmt 7:3 alter table a add column b text'],
    );
  });

  test('the last statement, without a semicolon, ends before the comments after it', async () => {
    const section = await parseSqlSection('select 1;\nselect 2 -- why\n-- keel:allow model/rename later\n', file, 1);
    assert.deepEqual(
      section.statements.map((statement) => statement.sql),
      ['select 1', 'select 2'],
    );
  });

  test('counts characters, not bytes, before a statement (the parser counts UTF-8 bytes)', async () => {
    const section = await parseSqlSection("comment on schema public is 'café ☕'; drop table é;", file, 10);
    const [, drop] = section.statements;
    assert.deepEqual(drop?.at, { file, line: 10, column: 39 });
    assert.equal(drop?.sql, 'drop table é');
  });

  test('a section that does not parse gives the parser’s message at the token it stopped on', async () => {
    const section = await parseSqlSection('create table a (id int);\n\ncreate tabel b (id int);\n', file, 2);
    assert.deepEqual(section.statements, []);
    assert.deepEqual(section.error, { message: 'syntax error at or near "tabel"', at: { file, line: 4, column: 8 } });
  });

  test('a section with only comments holds no statements', async () => {
    assert.deepEqual((await parseSqlSection('-- nothing to undo\n', file, 1)).statements, []);
    assert.deepEqual((await parseSqlSection('', file, 1)).statements, []);
  });
});
