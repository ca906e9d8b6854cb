import type { Project } from '../project/index.ts';
import { gitCommit, readEvidence, writeEvidence, type Evidence } from './evidence.ts';
import { runGates, type GateResult } from './run-gate.ts';
import type { CheckOptions, Stage } from './stage.ts';
import type { StageId } from './stage-id.ts';

export interface CheckedStage {
  readonly result: GateResult;
  readonly evidence: Evidence;
}

/**
 * Runs the gates of the chosen stages (in journey order) and writes each one's evidence, recording the digest of every
 * upstream stage's evidence as it stands, so that `keel status` can tell when an upstream stage moved on.
 */
export async function checkStages(
  project: Project,
  chosen: readonly Stage[],
  allStages: readonly Stage[],
  options: CheckOptions = {},
): Promise<CheckedStage[]> {
  const ordered = allStages.filter((stage) => chosen.includes(stage));
  const [results, commit] = await Promise.all([
    runGates(project, ordered, allStages, options),
    gitCommit(project.root),
  ]);
  const digests = new Map<StageId, string>();
  const checked: CheckedStage[] = [];
  for (const [index, stage] of ordered.entries()) {
    const result = results[index];
    if (result === undefined) continue;
    const upstream: Partial<Record<StageId, string>> = {};
    for (const dependency of stage.dependsOn) {
      const digest = digests.get(dependency) ?? (await readEvidence(project, dependency))?.digest;
      if (digest !== undefined) upstream[dependency] = digest;
    }
    const evidence = await writeEvidence(project, result, upstream, commit);
    digests.set(stage.id, evidence.digest);
    checked.push({ result, evidence });
  }
  return checked;
}
