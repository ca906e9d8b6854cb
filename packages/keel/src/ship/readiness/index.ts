import type { Rule } from '../../journey/stage.ts';
import type { ShipInput } from '../ship-input.ts';
import { expandContract } from './expand-contract.ts';
import { stageNotPassing, uncommitted } from './journey-rules.ts';
import { migrationWithoutDown, releasedMigrationChanged } from './migration-rules.ts';
import { releaseAltered } from './release-rules.ts';
import { releasedContractChanged, releaseVersion, versionBump } from './version-rules.ts';

/** The readiness gate of `keel ship`, in the order docs/ship.md lists its checks. */
export const readinessRules: readonly Rule<ShipInput>[] = [
  stageNotPassing,
  uncommitted,
  releaseVersion,
  versionBump,
  migrationWithoutDown,
  releasedMigrationChanged,
  expandContract,
  releaseAltered,
];

/**
 * Stage 9's gate in the journey: the readiness rules that judge the project rather than the moment of release. The
 * commit (`ship/uncommitted`) is judged by `keel ship` alone, and the earlier stages (`ship/stage-not-passing`) by the
 * journey itself, since stage 9 depends on all of them; the gate adds that a released info.version still names its
 * contract. The deploy bundle's own rule is the stage's (ship-stage.ts).
 */
export const gateRules: readonly Rule<ShipInput>[] = [
  releaseVersion,
  versionBump,
  releasedContractChanged,
  migrationWithoutDown,
  releasedMigrationChanged,
  expandContract,
  releaseAltered,
];

export { requiredBump } from './version-rules.ts';
export { previousLevel } from './migration-rules.ts';
