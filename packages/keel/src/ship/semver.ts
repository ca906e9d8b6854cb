/** A plain semantic version, MAJOR.MINOR.PATCH (releases carry no pre-release or build part). */
export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** How far a version moved from the one before it. */
export type Bump = 'major' | 'minor' | 'patch' | 'none';

const plainSemver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseSemver(text: string): Semver | undefined {
  const parsed = plainSemver.exec(text);
  if (parsed === null) return undefined;
  return { major: Number(parsed[1]), minor: Number(parsed[2]), patch: Number(parsed[3]) };
}

export function compareSemver(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The bump from `before` to `after`; `none` when `after` is not greater. */
export function bumpBetween(before: Semver, after: Semver): Bump {
  if (compareSemver(after, before) <= 0) return 'none';
  if (after.major !== before.major) return 'major';
  return after.minor !== before.minor ? 'minor' : 'patch';
}

const rank: Readonly<Record<Bump, number>> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Whether `actual` is at least as large a bump as `required`. */
export function bumpCovers(actual: Bump, required: Bump): boolean {
  return rank[actual] >= rank[required];
}

export function formatSemver(version: Semver): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}
