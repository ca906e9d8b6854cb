import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeelError } from '../errors/index.ts';
import type { Project } from '../project/index.ts';
import type { ReleaseRecord } from './release-record.ts';
import { compareSemver, parseSemver, type Semver } from './semver.ts';

/** A release folder: `releases/<version>/` with its record. */
export interface Release {
  readonly version: string;
  readonly semver: Semver;
  /** `releases/<version>`, relative to the project root. */
  readonly folder: string;
  readonly record: ReleaseRecord;
}

export const releaseRecordFile = 'release.json';

/** `releases/<version>`, relative to the project root. */
export function releaseFolder(version: string): string {
  return `releases/${version}`;
}

/**
 * Every release with a record, oldest first. Folders whose name is not a version, or that hold only a contract
 * snapshot (a project released before Keel wrote records), are skipped.
 */
export function readReleases(project: Project): Release[] {
  const folder = join(project.root, 'releases');
  if (!existsSync(folder)) return [];
  const releases: Release[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const semver = entry.isDirectory() ? parseSemver(entry.name) : undefined;
    if (semver === undefined) continue;
    const path = join(folder, entry.name, releaseRecordFile);
    if (!existsSync(path)) continue;
    releases.push({ version: entry.name, semver, folder: releaseFolder(entry.name), record: readRecord(path) });
  }
  return releases.sort((a, b) => compareSemver(a.semver, b.semver));
}

/** The release of that version; KEEL_RELEASE_NOT_FOUND listing the others when there is none. */
export function findRelease(project: Project, version: string): Release {
  const releases = readReleases(project);
  const release = releases.find((candidate) => candidate.version === version);
  if (release !== undefined) return release;
  throw new KeelError(
    'KEEL_RELEASE_NOT_FOUND',
    `no release ${version} (releases/${version}/release.json); released: ${releases.map((r) => r.version).join(', ') || 'none'}`,
    { extensions: { releases: releases.map((r) => r.version) } },
  );
}

function readRecord(path: string): ReleaseRecord {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KeelError('KEEL_RELEASE_RECORD_INVALID', `${path} is not valid JSON: ${(error as Error).message}`, {
      location: { file: path },
    });
  }
  const format = (record as { format?: unknown } | null)?.format;
  if (typeof record !== 'object' || record === null || format !== 1) {
    throw new KeelError('KEEL_RELEASE_RECORD_INVALID', `${path} is not a release record of format 1`, {
      location: { file: path },
    });
  }
  return record as ReleaseRecord;
}
