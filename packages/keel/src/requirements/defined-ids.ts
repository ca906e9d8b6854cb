import type { Location } from '../journey/finding.ts';
import type { RequirementIdKind } from './requirement-ids.ts';
import type { Requirements } from './requirements-model.ts';

/** One identifier the file defines. */
export interface DefinedId {
  readonly id: string;
  readonly kind: RequirementIdKind;
  readonly at: Location;
}

/** Every identifier the file defines, in the order it is written: actors, operations and their criteria, rules, targets. */
export function definedIds(model: Requirements): DefinedId[] {
  return [
    ...model.actors.map(({ id, at }) => ({ id, kind: 'actor' as const, at })),
    ...model.operations.flatMap((operation) => [
      { id: operation.id, kind: 'operation' as const, at: operation.at },
      ...operation.acceptance.map(({ id, at }) => ({ id, kind: 'criterion' as const, at })),
    ]),
    ...model.rules.map(({ id, at }) => ({ id, kind: 'rule' as const, at })),
    ...model.nonFunctional.map(({ id, at }) => ({ id, kind: 'requirement' as const, at })),
  ];
}
