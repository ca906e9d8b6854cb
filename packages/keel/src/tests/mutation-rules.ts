import type { Rule } from '../journey/stage.ts';
import type { TestsModel } from './tests-model.ts';

const rerun = 'Run `keel test --mutation` and commit .keel/mutation/ (the result and Stryker’s incremental file).';

/** The tests gate's judgement of the committed mutation score, when keel.yaml sets `tests.mutation.threshold`. */
export const mutationRules: readonly Rule<TestsModel>[] = [
  {
    id: 'tests/mutation-result-missing',
    severity: 'error',
    summary: 'A project with a mutation threshold has a mutation result (.keel/mutation/result.json).',
    fix: rerun,
    run: ({ mutation }) =>
      mutation === undefined || mutation.result !== undefined
        ? []
        : [
            {
              message: `keel.yaml sets a mutation threshold of ${mutation.threshold}% but .keel/mutation/result.json is missing`,
              at: { file: 'keel.yaml' },
            },
          ],
  },
  {
    id: 'tests/mutation-result-stale',
    severity: 'error',
    summary: 'The mutation result was made for the handlers as they are now.',
    fix: rerun,
    run: ({ mutation }) => {
      if (mutation?.result === undefined || mutation.changed.length === 0) return [];
      const shown = mutation.changed.slice(0, 5).join(', ');
      const more = mutation.changed.length > 5 ? ` and ${mutation.changed.length - 5} more` : '';
      return [
        {
          message: `the mutation result predates changes to ${shown}${more}`,
          at: { file: mutation.changed[0] ?? 'keel.yaml' },
        },
      ];
    },
  },
  {
    id: 'tests/mutation-score-below-threshold',
    severity: 'error',
    summary: 'The mutation score reaches the threshold keel.yaml sets.',
    fix: 'Write tests that notice the surviving mutants `keel test --mutation` lists (file, line, the change), then run it again.',
    run: ({ mutation }) => {
      const result = mutation?.result;
      if (mutation === undefined || result === undefined || result.score >= mutation.threshold) return [];
      const [first] = result.undetected;
      return [
        {
          message:
            `mutation score ${result.score}% is below the threshold of ${mutation.threshold}%: ` +
            `${result.counts.survived} survived, ${result.counts.noCoverage} without coverage` +
            (first === undefined
              ? ''
              : `; first: ${first.file}:${first.line} ${first.mutator} \`${first.original}\` → \`${first.replacement}\``),
          at:
            first === undefined ? { file: 'keel.yaml' } : { file: first.file, line: first.line, column: first.column },
        },
      ];
    },
  },
];
