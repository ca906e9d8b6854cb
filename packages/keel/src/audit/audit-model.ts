import type { AccessModel } from '../access/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Project } from '../project/index.ts';

/** What the security stage attacks: the project, its contract and its access model. */
export interface SecurityModel {
  readonly project: Project;
  readonly contract: Contract | undefined;
  readonly access: AccessModel | undefined;
}

/** Options `keel audit` adds to a gate run. */
export interface AuditCheckOptions {
  readonly databaseUrl?: string;
  readonly seed?: number;
  /** Rule ids to run; every rule when absent. */
  readonly only?: readonly string[];
  /** A running instance to attack instead of a scratch one. */
  readonly target?: string;
  /** The credentials file for the target, relative to the project or absolute. */
  readonly credentials?: string;
}
