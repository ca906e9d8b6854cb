import type { ChangeSink } from './change-collector.ts';
import type { ContractSide } from './contract-side.ts';

/** The two sides of a comparison and where changes go. */
export interface DiffContext {
  readonly base: ContractSide;
  readonly head: ContractSide;
  readonly sink: ChangeSink;
}
