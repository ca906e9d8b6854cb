import type { Change, ChangeLocation } from './change.ts';
import { changeClass } from './change-classes.ts';
import { compareChanges } from './change.ts';
import type { ContractSide } from './contract-side.ts';

/** A position inside one of the two contracts, before it is turned into file:line:column. */
export interface Position {
  readonly file: string;
  readonly pointer: string;
}

/** Where checks report changes; the level and direction come from the change class, never from the caller. */
export interface ChangeSink {
  add(id: string, message: string, base: Position, head: Position, operations: readonly string[]): void;
}

/**
 * Collects changes and merges the ones found through several operations (a shared component reached from each):
 * one change, the union of their operations.
 */
export class ChangeCollector implements ChangeSink {
  readonly #base: ContractSide;
  readonly #head: ContractSide;
  readonly #changes = new Map<string, { change: Change; operations: Set<string> }>();

  constructor(base: ContractSide, head: ContractSide) {
    this.#base = base;
    this.#head = head;
  }

  add(id: string, message: string, base: Position, head: Position, operations: readonly string[]): void {
    const { level, direction } = changeClass(id);
    const baseAt = this.#base.locate(base);
    const headAt = this.#head.locate(head);
    const key = [id, message, at(baseAt), at(headAt)].join('\u0000');
    const known = this.#changes.get(key);
    if (known !== undefined) {
      for (const operation of operations) known.operations.add(operation);
      return;
    }
    const change: Change = { id, level, direction, message, operations: [], base: baseAt, head: headAt };
    this.#changes.set(key, { change, operations: new Set(operations) });
  }

  /** Every change, breaking first. */
  changes(): Change[] {
    return [...this.#changes.values()]
      .map(({ change, operations }) => ({ ...change, operations: [...operations].sort() }))
      .sort(compareChanges);
  }
}

function at(location: ChangeLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
