import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { findVagueWords, vagueWordGroups } from './vague-words.ts';

const words = (text: string): string[] => findVagueWords(text).map((found) => found.word);

test('vague words are found case-insensitively, as written, in the order they appear', () => {
  assert.deepEqual(words('The response is FAST and user-friendly, etc.'), ['FAST', 'user-friendly', 'etc']);
  assert.deepEqual(words('TBD'), ['TBD']);
  assert.deepEqual(words('the owner and/or an admin'), ['and/or']);
  assert.deepEqual(words('retry as\n needed'), ['as\n needed'], 'a phrase may wrap');
});

test('only whole words match: a longer word containing a listed one does not', () => {
  assert.deepEqual(words('breakfast is served at 08:00'), []);
  assert.deepEqual(words('a quicksort of the bookings'), []);
  assert.deepEqual(words('the simplest booking; an easygoing admin; fast_path'), []);
  assert.deepEqual(words('inappropriate'), []);
  assert.deepEqual(words('fast-track booking'), ['fast'], 'a hyphen ends a word');
});

test('a phrase is reported once, not again for the word inside it', () => {
  assert.deepEqual(words('notify the admin as appropriate'), ['as appropriate']);
  assert.deepEqual(words('an appropriate error, as appropriate'), ['appropriate', 'as appropriate']);
});

test('every listed word is documented in docs/requirements.md', async () => {
  const docs = await readFile(new URL('../../../../../docs/requirements.md', import.meta.url), 'utf8');
  for (const word of vagueWordGroups.flatMap((group) => group.words)) {
    assert.match(docs, new RegExp(`[|,] ${word.replace(/[/]/g, '\\/')}[,|]? `), `${word} is documented`);
  }
});
