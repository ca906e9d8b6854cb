import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeelError } from '../errors/index.ts';
import { joinPointer, parseSource, splitPointer } from './index.ts';

test('locate maps a JSON pointer to the line and column of its key', () => {
  const source = parseSource('a:\n  b:\n    - x\n    - y: 1\n', 'f.yaml');
  assert.deepEqual(source.locate('/a/b/1/y'), { line: 4, column: 7 });
  assert.deepEqual(source.locate('/a/b/0'), { line: 3, column: 7 }, 'an array item is its own position');
  assert.deepEqual(source.locate('/a/b/1/missing'), { line: 4, column: 7 }, 'the nearest existing entry');
  assert.deepEqual(source.locate(''), { line: 1, column: 1 });
});

test('JSON is parsed with positions too, and its syntax errors are reported as JSON', () => {
  const source = parseSource('{\n  "a": {"b": 1}\n}', 'f.json');
  assert.deepEqual(source.locate('/a/b'), { line: 2, column: 9 });
  assert.throws(
    () => parseSource('{\n  "a": 1,,\n}', 'f.json'),
    (error: unknown) =>
      error instanceof KeelError && /JSON syntax error/.test(error.message) && error.location?.line === 2,
  );
});

test('duplicate keys are a syntax error, not a silent override', () => {
  assert.throws(
    () => parseSource('a: 1\na: 2\n', 'f.yaml'),
    (error: unknown) => {
      return error instanceof KeelError && error.code === 'KEEL_SYNTAX_ERROR' && error.location?.line === 2;
    },
  );
});

test('pointers escape ~ and / both ways', () => {
  const tokens = ['paths', '/v1/a~b', 'get'];
  assert.equal(joinPointer(tokens), '/paths/~1v1~1a~0b/get');
  assert.deepEqual(splitPointer(joinPointer(tokens)), tokens);
  assert.deepEqual(splitPointer('#/components/schemas/A'), ['components', 'schemas', 'A']);
});
