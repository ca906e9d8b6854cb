import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../project/index.ts';

/** A released version of the contract: `releases/<version>/contract/` (decision record 0005). */
export interface ContractRelease {
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The released contract's entry file, relative to the project root. */
  readonly contract: string;
}

const plainSemver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The release with the highest version whose contract snapshot exists; undefined before the first release. */
export function lastContractRelease(project: Project): ContractRelease | undefined {
  const folder = join(project.root, 'releases');
  if (!existsSync(folder)) return undefined;
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => releaseOf(entry.name, project))
    .filter((release) => release !== undefined && existsSync(join(project.root, release.contract)))
    .sort(
      (a, b) =>
        (b?.major ?? 0) - (a?.major ?? 0) || (b?.minor ?? 0) - (a?.minor ?? 0) || (b?.patch ?? 0) - (a?.patch ?? 0),
    )[0];
}

function releaseOf(version: string, project: Project): ContractRelease | undefined {
  const parsed = plainSemver.exec(version);
  if (parsed === null) return undefined;
  return {
    version,
    major: Number(parsed[1]),
    minor: Number(parsed[2]),
    patch: Number(parsed[3]),
    contract: `releases/${version}/contract/${project.config.contract}`,
  };
}
