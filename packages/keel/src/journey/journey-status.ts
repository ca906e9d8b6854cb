import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';
import { evidenceDigest, readEvidence, type Evidence } from './evidence.ts';
import { hashInputs } from './input-files.ts';
import { stageRules, type AppliedOverride } from './run-gate.ts';
import type { Stage } from './stage.ts';
import { stageIds, type StageId } from './stage-id.ts';

export type StageState = 'passing' | 'failing' | 'stale' | 'not-started';

export interface StageStatus {
  readonly stage: StageId;
  readonly state: StageState;
  /** Why the stage is in this state, one short sentence each (the inputs that changed, the upstream that moved…). */
  readonly reasons: readonly string[];
  /** False for a stage this version of Keel has no gate for yet. */
  readonly available: boolean;
  /**
   * The evidence would be written again identically: its inputs, Keel, the overrides and the upstream evidence it
   * recorded are all as they are now (an upstream stage that is failing does not change that).
   */
  readonly reusable: boolean;
  readonly evidence?: Pick<Evidence, 'checkedAt' | 'counts' | 'commit' | 'keelVersion'>;
}

export interface NextStep {
  readonly stage: StageId;
  readonly action: string;
  readonly command: string;
}

export interface JourneyStatus {
  readonly stages: readonly StageStatus[];
  readonly next: NextStep | null;
}

/**
 * The journey as it stands, from evidence and file hashes alone: no gate is re-run. A stage is stale when an input
 * changed since its evidence, when Keel or the stage's rule overrides changed, or when an upstream stage is not
 * passing or was re-checked with other inputs since.
 */
export async function journeyStatus(project: Project, stages: readonly Stage[]): Promise<JourneyStatus> {
  const byId = new Map(stages.map((stage) => [stage.id, stage]));
  const evidence = new Map(
    await Promise.all(stageIds.map(async (id) => [id, await readEvidence(project, id)] as const)),
  );
  const inputs = new Map(
    await Promise.all(
      stages.map(async (stage) => [stage.id, await hashInputs(project.root, stage.inputs(project))] as const),
    ),
  );
  const statuses = new Map<StageId, StageStatus>();
  for (const id of stageIds) {
    const stage = byId.get(id);
    const recorded = evidence.get(id);
    const status =
      stage === undefined
        ? ({
            stage: id,
            state: 'not-started',
            available: false,
            reusable: false,
            reasons: [`Keel ${keelVersion} has no gate for this stage yet`],
          } satisfies StageStatus)
        : stageStatus(project, stage, recorded, inputs.get(id) ?? {}, statuses, evidence);
    statuses.set(id, status);
  }
  const ordered = stageIds.map((id) => statuses.get(id)).filter((status) => status !== undefined);
  return { stages: ordered, next: nextStep(project, ordered, byId) };
}

function stageStatus(
  project: Project,
  stage: Stage,
  recorded: Evidence | undefined,
  inputs: Readonly<Record<string, string>>,
  statuses: ReadonlyMap<StageId, StageStatus>,
  evidence: ReadonlyMap<StageId, Evidence | undefined>,
): StageStatus {
  if (recorded === undefined) {
    const missing = stage.artifacts(project).filter((path) => !existsSync(resolve(project.root, path)));
    return {
      stage: stage.id,
      state: 'not-started',
      available: true,
      reusable: false,
      reasons: missing.length > 0 ? missing.map((path) => `${path} does not exist`) : ['never checked'],
    };
  }
  const reasons = [
    ...inputChanges(recorded, inputs),
    ...(recorded.keelVersion === keelVersion ? [] : [`checked by Keel ${recorded.keelVersion}, now ${keelVersion}`]),
  ];
  const overrides = stageOverrides(project, stage);
  if (
    reasons.length === 0 &&
    recorded.digest !== evidenceDigest(inputs, overrides) // only the overrides can still differ
  ) {
    reasons.push('its rule overrides in keel.yaml changed');
  }
  let reusable = reasons.length === 0;
  for (const dependency of stage.dependsOn) {
    const upstream = statuses.get(dependency);
    if (upstream?.available === false) continue;
    const moved = recorded.upstream[dependency] !== evidence.get(dependency)?.digest;
    if (moved) reusable = false;
    if (upstream !== undefined && upstream.state !== 'passing') {
      reasons.push(`upstream stage ${dependency} is ${upstream.state.replace('-', ' ')}`);
    } else if (moved) {
      reasons.push(`upstream stage ${dependency} was checked again since`);
    }
  }
  const summary = {
    checkedAt: recorded.checkedAt,
    counts: recorded.counts,
    commit: recorded.commit,
    keelVersion: recorded.keelVersion,
  };
  if (reasons.length > 0) {
    return { stage: stage.id, state: 'stale', available: true, reusable, reasons, evidence: summary };
  }
  return recorded.result === 'passed'
    ? { stage: stage.id, state: 'passing', available: true, reusable, reasons: [], evidence: summary }
    : {
        stage: stage.id,
        state: 'failing',
        available: true,
        reusable,
        reasons: [`${recorded.counts.error} error${recorded.counts.error === 1 ? '' : 's'}`],
        evidence: summary,
      };
}

function inputChanges(recorded: Evidence, inputs: Readonly<Record<string, string>>): string[] {
  const changes: string[] = [];
  for (const [path, hash] of Object.entries(inputs)) {
    const before = recorded.inputs[path];
    if (before === undefined) changes.push(`${path} was added`);
    else if (before !== hash) changes.push(`${path} changed`);
  }
  for (const path of Object.keys(recorded.inputs)) {
    if (!(path in inputs)) changes.push(`${path} was removed`);
  }
  return changes;
}

function stageOverrides(project: Project, stage: Stage): AppliedOverride[] {
  const ids = new Set(stageRules(stage).map((rule) => rule.id));
  return Object.entries(project.config.rules)
    .filter(([rule]) => ids.has(rule))
    .map(([rule, override]) => ({ rule, ...override }));
}

function nextStep(
  project: Project,
  statuses: readonly StageStatus[],
  stages: ReadonlyMap<StageId, Stage>,
): NextStep | null {
  for (const status of statuses) {
    const stage = stages.get(status.stage);
    if (stage === undefined || status.state === 'passing') continue;
    const command = `keel check ${status.stage}`;
    switch (status.state) {
      case 'not-started': {
        const missing = stage.artifacts(project).some((path) => !existsSync(resolve(project.root, path)));
        return { stage: status.stage, action: missing ? stage.start : `Run \`${command}\`.`, command };
      }
      case 'failing':
        return {
          stage: status.stage,
          action: `Fix the ${status.reasons[0] ?? 'errors'} that \`${command}\` reports, then run it again.`,
          command,
        };
      case 'stale':
        return {
          stage: status.stage,
          action: `Run \`${command}\` again: ${status.reasons[0] ?? 'its inputs changed'}.`,
          command,
        };
    }
  }
  const unavailable = statuses.find((status) => !status.available);
  return unavailable === undefined
    ? null
    : {
        stage: unavailable.stage,
        action: `Every stage this Keel can check passes; stage ${unavailable.stage} has no gate in Keel ${keelVersion} yet.`,
        command: 'keel status',
      };
}
