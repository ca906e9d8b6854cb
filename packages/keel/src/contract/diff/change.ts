/** How much a change can hurt the clients built against the base contract. */
export type ChangeLevel = 'breaking' | 'possibly-breaking' | 'non-breaking';

/** Which side of the exchange a change is about: what clients send, what they receive, or neither. */
export type ChangeDirection = 'request' | 'response' | 'other';

/** Levels from the most to the least severe: reports list changes in this order. */
export const changeLevels = ['breaking', 'possibly-breaking', 'non-breaking'] as const satisfies readonly ChangeLevel[];

/** A position in one of the two contracts; git revisions show as `REV:path`. */
export interface ChangeLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * One difference between two contracts, classified.
 *
 * @example
 * { id: 'request-property-became-required', level: 'breaking', direction: 'request',
 *   message: 'request property NewBooking.note became required', operations: ['POST /v1/bookings'],
 *   base: { file: 'openapi.yaml', line: 40, column: 9 }, head: { file: 'openapi.yaml', line: 41, column: 9 } }
 */
export interface Change {
  /** A stable change class id from `changeClasses`. */
  readonly id: string;
  readonly level: ChangeLevel;
  readonly direction: ChangeDirection;
  readonly message: string;
  /** Affected operations as `METHOD /path` (the head's path when the operation still exists). */
  readonly operations: readonly string[];
  /** Where the changed thing is in the base contract (its parent when the change adds it). */
  readonly base: ChangeLocation;
  /** Where the changed thing is in the head contract (its parent when the change removes it). */
  readonly head: ChangeLocation;
}

/** Breaking first, then by operation, class id and message, so that output is stable. */
export function compareChanges(a: Change, b: Change): number {
  return (
    changeLevels.indexOf(a.level) - changeLevels.indexOf(b.level) ||
    (a.operations[0] ?? '').localeCompare(b.operations[0] ?? '') ||
    a.id.localeCompare(b.id) ||
    a.message.localeCompare(b.message)
  );
}

/** `file:line:column`. */
export function formatChangeLocation(location: ChangeLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
