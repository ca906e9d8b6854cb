import { performance } from 'node:perf_hooks';

/** The phases of the model gate's work on a scratch database, in the order they first run. */
export type ProofPhase =
  | 'start database'
  | 'migrate'
  | 'roll back'
  | 'introspect'
  | 'seed'
  | 'build indexes'
  | 'analyze'
  | 'explain'
  | 'close database';

/**
 * Where the proofs' time goes, phase by phase, for `bench/model-check.ts`. No check reads it: the proofs only report
 * to it when one is given.
 *
 * @example
 * const timings = phaseTimings();
 * await proveModel({ migrations, declaration, timings });
 * console.log(timings.totals.get('seed'));
 */
export interface PhaseTimings {
  /** Milliseconds per phase, summed over every time it ran. */
  readonly totals: ReadonlyMap<ProofPhase, number>;
  add(phase: ProofPhase, milliseconds: number): void;
}

export function phaseTimings(): PhaseTimings {
  const totals = new Map<ProofPhase, number>();
  return {
    totals,
    add: (phase, milliseconds) => {
      totals.set(phase, (totals.get(phase) ?? 0) + milliseconds);
    },
  };
}

/** Runs fn, adding its time to the phase when there are timings to add to. */
export async function timed<T>(timings: PhaseTimings | undefined, phase: ProofPhase, fn: () => Promise<T>): Promise<T> {
  if (timings === undefined) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings.add(phase, performance.now() - started);
  }
}
