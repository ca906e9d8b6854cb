import type { Issue } from '../../journey/finding.ts';
import { formatLocation } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { definedIds, type DefinedId } from '../defined-ids.ts';
import { parseCriterionId, parseNumberedId } from '../requirement-ids.ts';
import type { Requirements } from '../requirements-model.ts';

/** `requirements/duplicate-id`: one id names one thing, across every kind, since later stages cite ids alone. */
export const duplicateId: Rule<Requirements> = {
  id: 'requirements/duplicate-id',
  severity: 'error',
  summary: 'No id is defined twice, across actors, operations, criteria, rules and non-functional requirements.',
  fix: 'Give the second definition a new id; ids are never reused, so take the next free number.',
  run: (model) => {
    const all = definedIds(model);
    const first = new Map<string, DefinedId>();
    const issues: Issue[] = [];
    for (const defined of all) {
      const earlier = first.get(defined.id);
      if (earlier === undefined) {
        first.set(defined.id, defined);
        continue;
      }
      const next = nextFreeId(defined, all);
      issues.push({
        message: `${defined.id} is defined twice: this ${defined.kind}, and the ${earlier.kind} at ${formatLocation(earlier.at)}`,
        at: defined.at,
        ...(next === undefined
          ? {}
          : { fix: `Renumber this ${defined.kind} ${next} (the next free id), if it is new.` }),
      });
    }
    return issues;
  },
};

/** `R-BOOK-4` when R-BOOK-1..3 exist; for a criterion, the next number under its operation. */
function nextFreeId(defined: DefinedId, all: readonly DefinedId[]): string | undefined {
  if (defined.kind === 'criterion') {
    const parsed = parseCriterionId(defined.id);
    if (parsed === undefined) return undefined;
    const numbers = all.map(({ id }) => parseCriterionId(id)).filter((other) => other?.operation === parsed.operation);
    return `AC-${parsed.operation.slice(2)}-${Math.max(...numbers.map((other) => other?.number ?? 0)) + 1}`;
  }
  if (defined.kind === 'actor') return undefined;
  const kind = defined.kind;
  const parsed = parseNumberedId(kind, defined.id);
  if (parsed === undefined) return undefined;
  const numbers = all
    .filter((other) => other.kind === kind)
    .map(({ id }) => parseNumberedId(kind, id))
    .filter((other) => other?.area === parsed.area)
    .map((other) => other?.number ?? 0);
  const prefix = { operation: 'R', rule: 'BR', requirement: 'NFR' }[kind];
  return `${prefix}-${parsed.area}-${Math.max(...numbers) + 1}`;
}
