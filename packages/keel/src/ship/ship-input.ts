import type { ContractModel } from '../contract/contract-model.ts';
import type { ContractDiff } from '../contract/diff/index.ts';
import type { Evidence } from '../journey/evidence.ts';
import type { JourneyStatus } from '../journey/journey-status.ts';
import type { Migration } from '../migrations/index.ts';
import type { DataModel } from '../model/index.ts';
import type { Requirements } from '../requirements/requirements-model.ts';
import type { Release } from './releases.ts';
import type { Semver } from './semver.ts';

/**
 * What the readiness gate of `keel ship` judges: the journey as it stands, the version asked for, the release before
 * it, the contract diff against it and the migrations. Gathered once by `gatherShipInput`; the checks only read it.
 */
export interface ShipInput {
  /**
   * `release`: `keel ship` is about to make `version`, which must be new. `gate`: stage 9's gate judges the project
   * as it stands, so `version` may be released already, and `previous` is then that release (decision record 0010).
   */
  readonly mode: 'release' | 'gate';
  /** As asked for (`--version`) or taken from the contract's `info.version`; undefined when neither is given. */
  readonly version: string | undefined;
  readonly semver: Semver | undefined;
  /** Where the version came from, for messages. */
  readonly versionSource: 'option' | 'contract';
  readonly status: JourneyStatus;
  readonly commit: Evidence['commit'];
  readonly releases: readonly Release[];
  /**
   * The highest release below `version` (the one this release replaces), or in `gate` mode the highest at or below it;
   * undefined for a first release.
   */
  readonly previous: Release | undefined;
  readonly contract: ContractModel | undefined;
  /** Against the previous release's contract snapshot; undefined for a first release or an unreadable contract. */
  readonly diff: ContractDiff | undefined;
  readonly requirements: Requirements | undefined;
  readonly dataModel: DataModel | undefined;
  readonly migrations: readonly Migration[];
}
