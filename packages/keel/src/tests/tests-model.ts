import type { AccessModel } from '../access/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Project } from '../project/index.ts';
import type { Requirements } from '../requirements/index.ts';
import type { MutationResult } from './mutation-result.ts';

/** What the tests gate works on: the artifacts the suites are generated from, and the project's test files. */
export interface TestsModel {
  readonly project: Project;
  readonly contract: Contract | undefined;
  readonly access: AccessModel | undefined;
  readonly requirements: Requirements | undefined;
  /** Relative to the project root. */
  readonly testFiles: readonly string[];
  /** The committed mutation result, judged only when keel.yaml sets `tests.mutation.threshold`. */
  readonly mutation: MutationStatus | undefined;
}

export interface MutationStatus {
  readonly threshold: number;
  readonly result: MutationResult | undefined;
  /** Files to mutate whose content differs from what the result was made for (or that it did not cover). */
  readonly changed: readonly string[];
}
