import type { Rule } from '../../journey/stage.ts';
import type { ShipInput } from '../ship-input.ts';
import { expandContract } from './expand-contract.ts';
import { stageNotPassing, uncommitted } from './journey-rules.ts';
import { migrationWithoutDown, releasedMigrationChanged } from './migration-rules.ts';
import { releaseVersion, versionBump } from './version-rules.ts';

/** The readiness gate of `keel ship`, in the order docs/ship.md lists its checks. */
export const readinessRules: readonly Rule<ShipInput>[] = [
  stageNotPassing,
  uncommitted,
  releaseVersion,
  versionBump,
  migrationWithoutDown,
  releasedMigrationChanged,
  expandContract,
];

export { requiredBump } from './version-rules.ts';
export { previousLevel } from './migration-rules.ts';
