import { relative } from 'node:path';
import { evidencePath } from '../../journey/evidence.ts';
import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { ShipInput } from '../ship-input.ts';

/**
 * `ship/stage-not-passing`: every earlier stage this Keel has a gate for passes, on evidence that is not stale. A stage
 * without a gate in this Keel is recorded as such in the release record and does not block (it cannot be checked).
 */
export const stageNotPassing: Rule<ShipInput> = {
  id: 'ship/stage-not-passing',
  severity: 'error',
  summary: 'Every earlier stage of the journey passes at this commit: checked, without errors, and not stale.',
  fix: 'Run `keel check <stage>` and fix what it reports; `keel status` shows every stage.',
  run(input, context) {
    return input.status.stages
      .filter((stage) => stage.stage !== 'ship' && stage.available && stage.state !== 'passing')
      .map((stage): Issue => {
        const reasons = stage.reasons.slice(0, 2).join('; ');
        return {
          message: `stage ${stage.stage} is ${stage.state.replace('-', ' ')}${reasons === '' ? '' : `: ${reasons}`}`,
          at: {
            file: relative(context.project.root, evidencePath(context.project, stage.stage)).split('\\').join('/'),
          },
          fix: `Run \`keel check ${stage.stage}\`${stage.state === 'failing' ? ' and fix the errors it reports' : ''}, then ship again.`,
        };
      });
  },
};

/** `ship/uncommitted`: the release is of a commit, so the record can name it and the next release can read its code. */
export const uncommitted: Rule<ShipInput> = {
  id: 'ship/uncommitted',
  severity: 'error',
  summary: 'The project is in a git repository and its tracked files are committed.',
  fix: 'Commit the changes (`git status` lists them), then ship.',
  run(input) {
    if (input.commit === null) {
      return [
        {
          message: 'the project is not in a git repository: a release records the commit it was made from',
          at: { file: '.' },
          fix: 'Put the project under git (`git init && git add . && git commit`), then ship.',
        },
      ];
    }
    return input.commit.dirty
      ? [
          {
            message: `the working tree has uncommitted changes on top of ${input.commit.sha.slice(0, 12)}`,
            at: { file: '.' },
          },
        ]
      : [];
  },
};
