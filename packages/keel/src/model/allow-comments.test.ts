import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowComments } from './allow-comments.ts';
import { sectionPositions } from './section-positions.ts';

const allowsIn = (text: string): string[] =>
  allowComments(text, 0, sectionPositions(text, 'm.sql', 1)).map(
    (allow) => `${allow.at.line}:${allow.at.column} ${allow.rule} | ${allow.reason}`,
  );

test('an allow comment names a rule and gives the rest of the line as its reason', () => {
  assert.deepEqual(
    allowsIn(
      ';\n-- keel:allow model/destructive-change unread since release 1.3\n  --keel:allow model/rename: the view keeps the old name\n',
    ),
    ['2:1 model/destructive-change | unread since release 1.3', '3:3 model/rename | the view keeps the old name'],
  );
});

test('an allow comment without a reason, or without a rule, keeps them empty', () => {
  assert.deepEqual(allowsIn('-- keel:allow model/rename\n-- keel:allow\n'), ['1:1 model/rename | ', '2:1  | ']);
});

test('other comments are not allow comments', () => {
  assert.deepEqual(allowsIn('-- keel:no-transaction\n-- keel:allowed model/rename x\n-- we allow renames\n'), []);
});
