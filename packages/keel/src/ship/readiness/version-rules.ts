import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { bumpBetween, bumpCovers, formatSemver, type Bump } from '../semver.ts';
import type { ShipInput } from '../ship-input.ts';

const contractFile = (input: ShipInput): string => input.contract?.file ?? 'openapi.yaml';

/** `ship/version`: the release has a plain semantic version, newer than every release, and not released yet. */
export const releaseVersion: Rule<ShipInput> = {
  id: 'ship/version',
  severity: 'error',
  summary:
    'The release version is MAJOR.MINOR.PATCH, equals the contract’s info.version and is newer than every release.',
  fix: 'Set `info.version` in the contract to the version to release (and pass the same --version, or none).',
  run(input) {
    const at = input.contract?.info.versionAt ?? { file: contractFile(input) };
    if (input.version === undefined) {
      return [{ message: 'no version to release: the contract has no info.version and --version was not given', at }];
    }
    if (input.semver === undefined) {
      return [{ message: `"${input.version}" is not a semantic version (MAJOR.MINOR.PATCH)`, at }];
    }
    const issues: Issue[] = [];
    const infoVersion = input.contract?.info.version;
    if (input.versionSource === 'option' && infoVersion !== undefined && infoVersion !== input.version) {
      issues.push({
        message: `--version ${input.version} differs from the contract’s info.version ${infoVersion}: clients would read another version than the release’s`,
        at,
        fix: `Set info.version to ${input.version} in ${contractFile(input)}, check the contract again, then ship.`,
      });
    }
    const newest = input.releases.at(-1);
    // Stage 9's gate judges a released project too: its info.version names its last release until the next bump.
    if (input.mode === 'release' && input.releases.some((release) => release.version === input.version)) {
      issues.push({
        message: `release ${input.version} exists already (releases/${input.version}/release.json): a release is never rewritten`,
        at,
        fix: 'Bump info.version (patch for a fix, minor for an addition, major for a breaking change) and ship that.',
      });
    } else if (
      newest !== undefined &&
      newest.version !== input.version &&
      bumpBetween(newest.semver, input.semver) === 'none'
    ) {
      issues.push({
        message: `${input.version} is not newer than the last release ${newest.version}`,
        at,
        fix: `Release a version above ${newest.version}.`,
      });
    }
    return issues;
  },
};

/** `ship/version-bump`: the bump from the previous release is at least what the contract diff demands. */
export const versionBump: Rule<ShipInput> = {
  id: 'ship/version-bump',
  severity: 'error',
  summary:
    'The version bump matches the contract diff against the previous release: major for a breaking change, minor for an addition, patch otherwise.',
  fix: 'Make the change compatible, or bump info.version as the diff requires.',
  run(input) {
    const { previous, semver, diff } = input;
    if (previous === undefined || semver === undefined || diff === undefined) return [];
    const actual = bumpBetween(previous.semver, semver);
    const required = requiredBump(diff.counts);
    if (actual === 'none' || bumpCovers(actual, required)) return [];
    const reasons = diff.changes
      .filter((change) => (required === 'major' ? change.level === 'breaking' : true))
      .slice(0, 3)
      .map((change) => change.message);
    return [
      {
        message: `${input.version} is a ${actual} release after ${previous.version}, but the contract diff needs ${required}: ${reasons.join('; ')}${diff.changes.length > 3 ? ' …' : ''}`,
        at: input.contract?.info.versionAt ?? { file: contractFile(input) },
        fix: `Release ${formatSemver(next(previous.semver, required))} (or higher), or make the change compatible; \`keel contract diff ${previous.folder}/contract/${input.contract?.file ?? 'openapi.yaml'} ${input.contract?.file ?? 'openapi.yaml'}\` lists every change.`,
      },
    ];
  },
};

/**
 * `ship/released-contract-changed` (stage 9's gate only): a version names one contract. When info.version is a release
 * already, the contract must still be that release's snapshot; a change needs the next version, bumped as the diff says.
 */
export const releasedContractChanged: Rule<ShipInput> = {
  id: 'ship/released-contract-changed',
  severity: 'error',
  summary:
    'When the contract’s info.version is released already, the contract is unchanged since that release’s snapshot.',
  fix: 'Bump info.version as the contract diff requires (major for a breaking change, minor for any other), then ship.',
  run(input) {
    const { previous, semver, diff } = input;
    if (input.mode !== 'gate' || previous === undefined || semver === undefined || diff === undefined) return [];
    if (previous.version !== input.version || diff.changes.length === 0) return [];
    const required = requiredBump(diff.counts);
    const shown = diff.changes.slice(0, 3).map((change) => change.message);
    return [
      {
        message: `info.version ${previous.version} is released (${previous.folder}/), but the contract changed since: ${shown.join('; ')}${diff.changes.length > 3 ? ' …' : ''}`,
        at: input.contract?.info.versionAt ?? { file: contractFile(input) },
        fix: `Set info.version to ${formatSemver(next(previous.semver, required))} (the diff needs a ${required} bump), or undo the change; \`keel contract diff ${previous.folder}/contract/${contractFile(input)} ${contractFile(input)}\` lists every change.`,
      },
    ];
  },
};

/** Breaking changes need a major bump, any other change a minor one; an unchanged contract a patch. */
export function requiredBump(
  counts: Readonly<Record<'breaking' | 'possibly-breaking' | 'non-breaking', number>>,
): Bump {
  if (counts.breaking > 0) return 'major';
  return counts['possibly-breaking'] + counts['non-breaking'] > 0 ? 'minor' : 'patch';
}

function next(version: { major: number; minor: number; patch: number }, bump: Bump) {
  if (bump === 'major') return { major: version.major + 1, minor: 0, patch: 0 };
  if (bump === 'minor') return { major: version.major, minor: version.minor + 1, patch: 0 };
  return { major: version.major, minor: version.minor, patch: version.patch + 1 };
}
