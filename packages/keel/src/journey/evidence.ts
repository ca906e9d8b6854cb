import { execFile } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';
import type { Finding, SeverityCounts } from './finding.ts';
import { sha256 } from './input-files.ts';
import type { AppliedOverride, GateResult } from './run-gate.ts';
import type { StageId } from './stage-id.ts';

/**
 * What a gate run leaves behind in `.keel/evidence/<stage>.json`: what was checked (content hashes of every input),
 * by which Keel, at which commit, with what result. `keel status` compares it with the files as they are now.
 */
export interface Evidence {
  readonly format: 1;
  readonly stage: StageId;
  readonly result: 'passed' | 'failed';
  readonly keelVersion: string;
  /** The git commit the project was at, and whether its working tree had uncommitted changes; null outside git. */
  readonly commit: { readonly sha: string; readonly dirty: boolean } | null;
  readonly checkedAt: string;
  readonly durationMs: number;
  readonly inputs: Readonly<Record<string, string>>;
  /** One hash of the inputs, the Keel version and the stage's rule overrides: what later stages record of this one. */
  readonly digest: string;
  /** The digest of each upstream stage's evidence when this gate ran. */
  readonly upstream: Readonly<Partial<Record<StageId, string>>>;
  readonly counts: SeverityCounts;
  readonly overrides: readonly AppliedOverride[];
  readonly findings: readonly Finding[];
  readonly outputs: Readonly<Record<string, string>>;
}

export function evidencePath(project: Project, stage: StageId): string {
  return join(project.paths.evidence, `${stage}.json`);
}

/** The digest that stands for a stage's inputs as they were checked. */
export function evidenceDigest(
  inputs: Readonly<Record<string, string>>,
  overrides: readonly AppliedOverride[],
  version = keelVersion,
): string {
  const lines = Object.entries(inputs).map(([path, hash]) => `${path}\u0000${hash}`);
  return sha256([`keel ${version}`, ...lines, JSON.stringify(overrides)].join('\n'));
}

export async function readEvidence(project: Project, stage: StageId): Promise<Evidence | undefined> {
  try {
    const evidence = JSON.parse(await readFile(evidencePath(project, stage), 'utf8')) as Evidence;
    return evidence.format === 1 && evidence.stage === stage ? evidence : undefined;
  } catch {
    return undefined; // absent or unreadable evidence means the stage has to be checked (again)
  }
}

/** Writes a gate's evidence atomically (a reader never sees half a file). */
export async function writeEvidence(
  project: Project,
  result: GateResult,
  upstream: Readonly<Partial<Record<StageId, string>>>,
  commit: Evidence['commit'],
): Promise<Evidence> {
  const evidence: Evidence = {
    format: 1,
    stage: result.stage,
    result: result.passed ? 'passed' : 'failed',
    keelVersion,
    commit,
    checkedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
    inputs: result.inputs,
    digest: evidenceDigest(result.inputs, result.overrides),
    upstream,
    counts: result.counts,
    overrides: result.overrides,
    findings: result.findings,
    outputs: result.outputs,
  };
  await mkdir(project.paths.evidence, { recursive: true });
  const path = evidencePath(project, result.stage);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(evidence, null, 2) + '\n');
  await rename(temporary, path);
  return evidence;
}

const run = promisify(execFile);

/** The commit of the project's git repository, or null when it is not in one (or git is absent). */
export async function gitCommit(root: string): Promise<Evidence['commit']> {
  try {
    const [{ stdout: sha }, { stdout: changes }] = await Promise.all([
      run('git', ['rev-parse', 'HEAD'], { cwd: root }),
      run('git', ['status', '--porcelain', '--untracked-files=no', '--', '.'], { cwd: root }),
    ]);
    return { sha: sha.trim(), dirty: changes.trim() !== '' };
  } catch {
    return null;
  }
}
