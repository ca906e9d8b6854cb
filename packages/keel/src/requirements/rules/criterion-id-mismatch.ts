import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { parseCriterionId, parseNumberedId } from '../requirement-ids.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/criterion-id-mismatch`: `AC-BOOK-1-2` sits under `R-BOOK-1`, so an id alone says what it proves. */
export const criterionIdMismatch: Rule<Requirements> = {
  id: 'requirements/criterion-id-mismatch',
  severity: 'warning',
  summary: "A criterion's id names its operation (`AC-BOOK-1-2` under `R-BOOK-1`).",
  fix: 'Rename the criterion after its operation, or move it under the operation its id names.',
  run: (model) => {
    const issues: Issue[] = [];
    for (const operation of model.operations) {
      const parsedOperation = parseNumberedId('operation', operation.id);
      if (parsedOperation === undefined) continue; // id-format reports it
      const numbers = operation.acceptance
        .map((criterion) => parseCriterionId(criterion.id))
        .filter((parsed) => parsed?.operation === operation.id)
        .map((parsed) => parsed?.number ?? 0);
      let next = Math.max(0, ...numbers) + 1;
      for (const criterion of operation.acceptance) {
        const parsed = parseCriterionId(criterion.id);
        if (parsed === undefined || parsed.operation === operation.id) continue;
        const suggestion = `AC-${parsedOperation.area}-${parsedOperation.number}-${next}`;
        next += 1;
        issues.push({
          message: `criterion ${criterion.id} is under ${operation.id}, but its id names ${parsed.operation}`,
          at: criterion.at,
          fix: `Rename it ${suggestion}, or move it under ${parsed.operation} if that is the operation it proves.`,
        });
      }
    }
    return issues;
  },
};
