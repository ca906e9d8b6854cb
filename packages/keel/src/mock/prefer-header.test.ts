import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrefer } from './prefer-header.ts';

test('reads preferences, values as tokens or quoted strings, names case-insensitively', () => {
  const preferences = parsePrefer('Code=404, example="not, found"; charset=x , dynamic');
  assert.deepEqual(
    [...preferences],
    [
      ['code', '404'],
      ['example', 'not, found'],
      ['dynamic', ''],
    ],
  );
});

test('joins repeated Prefer headers; the first occurrence of a name wins', () => {
  const preferences = parsePrefer(['example=first', 'example=second, code=201']);
  assert.equal(preferences.get('example'), 'first');
  assert.equal(preferences.get('code'), '201');
});

test('unescapes quoted pairs and ignores empty members', () => {
  assert.deepEqual([...parsePrefer(',, example="a \\"b\\"" ,')], [['example', 'a "b"']]);
  assert.equal(parsePrefer(undefined).size, 0);
});
