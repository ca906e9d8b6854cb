import type { Rule } from '../../journey/stage.ts';
import { definedIds } from '../defined-ids.ts';
import { idFormats, suggestId } from '../requirement-ids.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/id-format`: ids follow R-, AC-, BR-, NFR- and kebab-case actors, so later stages can cite them. */
export const idFormat: Rule<Requirements> = {
  id: 'requirements/id-format',
  severity: 'error',
  summary: 'Ids are well formed: R-<AREA>-<n>, AC-<AREA>-<n>-<m>, BR-<AREA>-<n>, NFR-<AREA>-<n>; actors in kebab-case.',
  fix: 'Rename the id to the expected form, and every reference to it.',
  run: (model) =>
    definedIds(model)
      .filter(({ id, kind }) => !idFormats[kind].pattern.test(id))
      .map(({ id, kind, at }) => {
        const suggestion = suggestId(kind, id);
        return {
          message: `${kind} id ${JSON.stringify(id)} is not well formed: expected ${idFormats[kind].shape}`,
          at,
          ...(suggestion === undefined ? {} : { fix: `Rename it ${suggestion}, and every reference to it.` }),
        };
      }),
};
