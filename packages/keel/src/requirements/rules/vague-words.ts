/** Why a group of words cannot be tested, and what to write instead. */
interface VagueGroup {
  readonly words: readonly string[];
  readonly fix: string;
}

/**
 * Words and phrases no test can check, grouped by what to write instead (after ISO/IEC/IEEE 29148's list of
 * ambiguous terms). docs/requirements.md lists them; matched case-insensitively, on whole words.
 */
export const vagueWordGroups: readonly VagueGroup[] = [
  {
    words: [
      'fast',
      'faster',
      'quick',
      'quickly',
      'slow',
      'slowly',
      'promptly',
      'timely',
      'instantly',
      'responsive',
      'performant',
      'as soon as possible',
      'asap',
    ],
    fix: 'State the time a test can measure (e.g. `within 200 ms`, `before 09:00`), or put the target in `nonFunctional` as a latency.',
  },
  {
    words: [
      'user-friendly',
      'easy',
      'easily',
      'simple',
      'intuitive',
      'efficient',
      'efficiently',
      'robust',
      'seamless',
      'seamlessly',
      'flexible',
      'scalable',
      'optimal',
      'correctly',
      'properly',
    ],
    fix: 'Describe the observable outcome instead: the status, the body, the state afterwards.',
  },
  {
    words: [
      'several',
      'various',
      'a few',
      'approximately',
      'roughly',
      'significant',
      'significantly',
      'minimal',
      'sufficient',
      'sufficiently',
      'adequate',
      'adequately',
      'reasonable',
      'reasonably',
    ],
    fix: 'Name the number or the range.',
  },
  {
    words: [
      'appropriate',
      'appropriately',
      'as needed',
      'as appropriate',
      'as applicable',
      'if possible',
      'where possible',
      'if necessary',
      'when necessary',
      'should probably',
      'and/or',
      'etc',
      'but not limited to',
      'normally',
      'usually',
      'typically',
    ],
    fix: 'Say exactly which case applies and what happens in it; write one criterion per case.',
  },
  {
    words: ['TBD', 'TBC', 'TBA', 'TODO', 'FIXME'],
    fix: 'Decide it, then write the decision; an open question does not belong in a criterion.',
  },
];

/** A vague word found in a text: as written there, and the fix of its group. */
export interface VagueWord {
  readonly word: string;
  readonly index: number;
  readonly fix: string;
}

const matchers = vagueWordGroups.flatMap((group) =>
  group.words.map((word) => ({
    // Whole words only: a letter, digit or underscore on either side means a longer word ("breakfast" is not "fast").
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replaceAll(' ', '\\s+')}(?![\\p{L}\\p{N}_])`,
      'giu',
    ),
    fix: group.fix,
  })),
);

/** Every distinct vague word or phrase in a text, in the order they appear. */
export function findVagueWords(text: string): VagueWord[] {
  const found: VagueWord[] = [];
  for (const { pattern, fix } of matchers) {
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    if (match !== null) found.push({ word: match[0], index: match.index, fix });
  }
  // "as appropriate" also contains "appropriate": keep the longer phrase only.
  return found
    .filter(
      (outer) =>
        !found.some(
          (inner) =>
            inner !== outer &&
            inner.index <= outer.index &&
            inner.index + inner.word.length >= outer.index + outer.word.length &&
            inner.word.length > outer.word.length,
        ),
    )
    .sort((a, b) => a.index - b.index);
}
