import type { Location } from '../journey/finding.ts';

/**
 * `requirements.yaml` as a typed, immutable model. Every entity remembers where it was written (`at`), so findings
 * point at its line. The loader builds it from whatever parts of the file are well formed.
 */
export interface Requirements {
  readonly file: string;
  readonly service: { readonly name: string; readonly purpose: string; readonly at: Location };
  readonly actors: readonly Actor[];
  readonly operations: readonly RequirementOperation[];
  readonly rules: readonly BusinessRule[];
  readonly nonFunctional: readonly NonFunctionalRequirement[];
  readonly outOfScope: readonly { readonly text: string; readonly at: Location }[];
}

export interface Actor {
  readonly id: string;
  readonly description: string;
  readonly at: Location;
}

/** Something an actor does with the service, e.g. `R-BOOK-1`. */
export interface RequirementOperation {
  readonly id: string;
  readonly actor: string;
  readonly summary: string;
  /** Ids of the business rules the operation must obey. */
  readonly rules: readonly string[];
  readonly acceptance: readonly AcceptanceCriterion[];
  readonly at: Location;
  /** Where `actor` and each entry of `rules` were written. */
  readonly actorAt: Location;
  readonly rulesAt: readonly Location[];
}

export interface AcceptanceCriterion {
  readonly id: string;
  /** The operation it belongs to. */
  readonly operation: string;
  readonly given: string;
  readonly when: string;
  readonly then: string;
  /** Ids of the business rules this criterion exercises. */
  readonly rules: readonly string[];
  readonly at: Location;
  readonly clausesAt: { readonly given: Location; readonly when: Location; readonly then: Location };
  readonly rulesAt: readonly Location[];
}

export interface BusinessRule {
  readonly id: string;
  readonly statement: string;
  readonly at: Location;
  /** Where `statement` was written. */
  readonly statementAt: Location;
}

export type NonFunctionalKind = 'latency' | 'availability' | 'throughput' | 'retention' | 'payload' | 'rate-limit';

/** A measurable target; `targets` maps a measure (`p95`, `p99`, `target`, …) to its raw value as written. */
export interface NonFunctionalRequirement {
  readonly id: string;
  readonly kind: NonFunctionalKind;
  /** The requirement operation it constrains, when it is about one (latency per named operation). */
  readonly operation?: string;
  /** Where `operation` was written, when it was. */
  readonly operationAt?: Location;
  readonly targets: readonly NonFunctionalTarget[];
  readonly at: Location;
}

export interface NonFunctionalTarget {
  readonly measure: string;
  /** As written: `150 ms`, `99.9 %`, … */
  readonly raw: unknown;
  /** Parsed when the value is a number with a known unit for its kind. */
  readonly quantity?: { readonly value: number; readonly unit: string };
  readonly at: Location;
}
