import type { AccessModel } from '../access/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Project } from '../project/index.ts';
import type { Requirements } from '../requirements/index.ts';

/** What the tests gate works on: the artifacts the suites are generated from, and the project's test files. */
export interface TestsModel {
  readonly project: Project;
  readonly contract: Contract | undefined;
  readonly access: AccessModel | undefined;
  readonly requirements: Requirements | undefined;
  /** Relative to the project root. */
  readonly testFiles: readonly string[];
}
