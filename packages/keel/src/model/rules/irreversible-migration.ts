import type { Rule } from '../../journey/stage.ts';
import type { DataModel } from '../model-model.ts';
import { issueOf } from './lint-rule.ts';
import { reversibilityHit, reversibilityIssues } from './reversibility.ts';

/** `model/irreversible-migration`: up, down, up leaves the catalog as up alone did. */
export const irreversibleMigration: Rule<DataModel> = {
  id: 'model/irreversible-migration',
  severity: 'error',
  summary:
    'On a scratch database, every migration’s down step undoes its up step: up, down, up gives the same catalog as up.',
  fix: 'Make the down section undo exactly what the up section does (drop what it creates, recreate what it drops, in reverse order), then run `keel check model` again.',
  run: async (model, context) =>
    (await reversibilityIssues(model, context))
      .filter((issue) => issue.kind === 'irreversible' || issue.kind === 'failed')
      .map((issue) => issueOf(reversibilityHit(model, issue))),
};
