import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitStatements, withoutComments } from './sql-script.ts';

describe('splitStatements', () => {
  test('splits at semicolons and gives where each statement starts', () => {
    const script = 'create table a (id int);\n  insert into a values (1);\n';
    assert.deepEqual(splitStatements(script), [
      { text: 'create table a (id int)', offset: 0 },
      { text: 'insert into a values (1)', offset: 27 },
    ]);
  });

  test('ignores semicolons in strings, quoted names, comments and dollar-quoted bodies', () => {
    const script = [
      "insert into t values ('a;b', E'it\\'s;', 'it''s;');",
      'select 1 as "odd;name"; -- a comment; with a semicolon',
      '/* block; /* nested; */ still comment; */ select 2;',
      'create function f() returns int language sql as $body$ select 1; $body$;',
      'select $$;$$, $1;',
    ].join('\n');
    assert.deepEqual(
      splitStatements(script).map((statement) => statement.text),
      [
        "insert into t values ('a;b', E'it\\'s;', 'it''s;')",
        'select 1 as "odd;name"',
        '-- a comment; with a semicolon\n/* block; /* nested; */ still comment; */ select 2',
        'create function f() returns int language sql as $body$ select 1; $body$',
        'select $$;$$, $1',
      ],
    );
  });

  test('drops statements that are only comments or blank, and keeps a last statement without a semicolon', () => {
    assert.deepEqual(
      splitStatements('-- nothing\n;\n select 1').map((statement) => statement.text),
      ['select 1'],
    );
  });
});

test('withoutComments blanks comments and keeps offsets', () => {
  const script = "select '--not' -- yes\n/* x */ select 1";
  const stripped = withoutComments(script);
  assert.equal(stripped.length, script.length);
  assert.equal(stripped, "select '--not'       \n        select 1");
});
