import type { ContractDiff } from '../contract/diff/index.ts';
import type { Requirements } from '../requirements/requirements-model.ts';
import type { ChangelogEntry, ReleaseRecord } from './release-record.ts';

/** The requirement identifiers a release records: operations, business rules and non-functional targets. */
export function releasedRequirements(requirements: Requirements | undefined): ReleaseRecord['requirements'] {
  if (requirements === undefined) return [];
  return [
    ...requirements.operations.map((operation) => ({ id: operation.id, summary: operation.summary })),
    ...requirements.rules.map((rule) => ({ id: rule.id, summary: rule.statement })),
    ...requirements.nonFunctional.map((target) => ({
      id: target.id,
      summary: `${target.kind}${target.operation === undefined ? '' : ` of ${target.operation}`}: ${target.targets
        .map((t) => `${t.measure} ${typeof t.raw === 'string' || typeof t.raw === 'number' ? String(t.raw) : '?'}`)
        .join(', ')}`,
    })),
  ];
}

/**
 * What changed since the previous release, as an operator and a client read it: the contract diff (breaking first),
 * then requirements added, changed and removed. A first release lists what it offers.
 */
export function changelog(
  diff: ContractDiff | undefined,
  before: ReleaseRecord['requirements'] | undefined,
  after: ReleaseRecord['requirements'],
): ChangelogEntry[] {
  const entries: ChangelogEntry[] = (diff?.changes ?? []).map((change) => ({
    kind: change.level,
    text: change.message,
    operations: change.operations,
  }));
  if (before === undefined) {
    return [...entries, ...after.map((requirement) => ({ kind: 'requirement-added', text: line(requirement) }))];
  }
  const previous = new Map(before.map((requirement) => [requirement.id, requirement]));
  const current = new Set(after.map((requirement) => requirement.id));
  for (const requirement of after) {
    const was = previous.get(requirement.id);
    if (was === undefined) entries.push({ kind: 'requirement-added', text: line(requirement) });
    else if (was.summary !== requirement.summary) {
      entries.push({
        kind: 'requirement-changed',
        text: `${requirement.id}: "${was.summary}" → "${requirement.summary}"`,
      });
    }
  }
  for (const requirement of before) {
    if (!current.has(requirement.id)) entries.push({ kind: 'requirement-removed', text: line(requirement) });
  }
  return entries;
}

const line = (requirement: { readonly id: string; readonly summary: string }): string =>
  `${requirement.id}: ${requirement.summary}`;
