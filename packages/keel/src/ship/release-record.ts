import type { Evidence } from '../journey/evidence.ts';
import type { SeverityCounts } from '../journey/finding.ts';
import type { StageId } from '../journey/stage-id.ts';
import type { Bump } from './semver.ts';

/**
 * What `releases/<version>/release.json` holds: what was released, from which commit, with which evidence, and how to
 * undo it. `keel ship` writes it; the next `keel ship` reads it (the previous release), and so does `keel rollback`.
 */
export interface ReleaseRecord {
  readonly format: 1;
  readonly version: string;
  readonly project: string;
  readonly createdAt: string;
  readonly keelVersion: string;
  readonly commit: Evidence['commit'];
  /** The release before this one, or null for the first. */
  readonly previous: {
    readonly version: string;
    readonly commit: string | null;
    readonly migrationLevel: number;
  } | null;
  /** The bump from the previous release, and the least bump the contract diff required. */
  readonly bump: Bump;
  readonly requiredBump: Bump;
  /** Each stage's gate as it stood when the release was made. */
  readonly gates: readonly GateRecord[];
  readonly contract: {
    /** The snapshot's entry file, relative to the project root (decision record 0005). */
    readonly snapshot: string;
    readonly infoVersion: string;
  };
  readonly migrations: MigrationRange;
  /** SHA-256 of every file of the release folder except this record, by path relative to the project root. */
  readonly artifacts: Readonly<Record<string, string>>;
  readonly changelog: readonly ChangelogEntry[];
  /** The requirement identifiers as released, so that the next release's changelog can name what changed. */
  readonly requirements: readonly { readonly id: string; readonly summary: string }[];
  readonly rollback: RollbackPlan;
}

export interface GateRecord {
  readonly stage: StageId;
  /** `not-available`: this Keel has no gate for the stage, recorded so and not counted as passed. */
  readonly state: 'passing' | 'not-available';
  readonly digest?: string;
  readonly checkedAt?: string;
  readonly commit?: Evidence['commit'];
  readonly counts?: SeverityCounts;
  readonly note?: string;
}

export interface ReleasedMigration {
  readonly version: number;
  readonly file: string;
  /** SHA-256 of the file as `keel.schema_migrations` records it. */
  readonly checksum: string;
}

export interface MigrationRange {
  /** The highest migration version in this release (0 when there is none). */
  readonly level: number;
  /** The previous release's level: migrations above it and up to `level` are new in this release. */
  readonly previousLevel: number;
  /** Every migration of the release, new or not, so that the next release can tell an edited one. */
  readonly all: readonly ReleasedMigration[];
}

export interface ChangelogEntry {
  /** `breaking`, `possibly-breaking`, `non-breaking` (contract), or `requirement-added|removed|changed`. */
  readonly kind: string;
  readonly text: string;
  readonly operations?: readonly string[];
}

/** How to go back to the previous release: the down steps in order, what each loses and what to check first. */
export interface RollbackPlan {
  /** The release to go back to; null for a first release (rolling back means taking the service down). */
  readonly to: string | null;
  readonly toLevel: number;
  readonly command: string;
  readonly steps: readonly RollbackStep[];
  /** That release's deploy bundle, to deploy after the database is back at its level. */
  readonly bundle: string | null;
}

export interface RollbackStep {
  readonly version: number;
  readonly file: string;
  /** The down section's statements, as written. */
  readonly statements: readonly string[];
  /** What the step would lose; empty when it loses nothing. */
  readonly losses: readonly DataLoss[];
}

export interface DataLoss {
  /** `table bookings`, `column bookings.note`. */
  readonly object: string;
  readonly message: string;
  /** A query that counts what would be lost: run it first. */
  readonly check: string;
}
