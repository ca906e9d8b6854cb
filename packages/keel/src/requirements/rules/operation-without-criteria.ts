import type { Rule } from '../../journey/stage.ts';
import { parseNumberedId } from '../requirement-ids.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/operation-without-criteria`: an operation nobody can prove done is not a requirement yet. */
export const operationWithoutCriteria: Rule<Requirements> = {
  id: 'requirements/operation-without-criteria',
  severity: 'error',
  summary: 'Every operation has at least one acceptance criterion.',
  fix: 'Add `acceptance:` with at least one criterion in given/when/then form that a test can check.',
  run: (model) =>
    model.operations
      .filter((operation) => operation.acceptance.length === 0)
      .map((operation) => {
        const parsed = parseNumberedId('operation', operation.id);
        const firstId = parsed === undefined ? 'AC-<AREA>-<n>-1' : `AC-${parsed.area}-${parsed.number}-1`;
        return {
          message: `operation ${operation.id} has no acceptance criteria: nothing says how to prove it works`,
          at: operation.at,
          fix: `Add \`acceptance:\` to ${operation.id} with a criterion \`id: ${firstId}\` and its given, when and then.`,
        };
      }),
};
