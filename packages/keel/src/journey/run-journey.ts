import type { Project } from '../project/index.ts';
import { checkStages } from './check-stages.ts';
import { readEvidence, type Evidence } from './evidence.ts';
import { journeyStatus } from './journey-status.ts';
import type { CheckOptions, Stage } from './stage.ts';
import { stageIds, type StageId } from './stage-id.ts';

/** What happened to one stage on the journey. */
export type StageOutcome =
  /** The gate ran now. */
  | { readonly stage: StageId; readonly kind: 'checked'; readonly evidence: Evidence }
  /** Nothing the gate reads changed since its evidence, which stands (passed or failed). */
  | { readonly stage: StageId; readonly kind: 'reused'; readonly evidence: Evidence }
  /** Not run: an earlier stage failed and the journey stopped. */
  | { readonly stage: StageId; readonly kind: 'skipped' }
  /** This version of Keel has no gate for the stage yet. */
  | { readonly stage: StageId; readonly kind: 'unavailable' };

export interface JourneyOptions extends CheckOptions {
  /** Run every stage even after one fails (default: stop at the first failure). */
  readonly keepGoing?: boolean;
  /** Called as each stage starts and ends, for progress displays. */
  readonly onStageStart?: (stage: StageId) => void;
  readonly onStageEnd?: (outcome: StageOutcome) => void;
}

export interface JourneyResult {
  readonly passed: boolean;
  readonly outcomes: readonly StageOutcome[];
  /** The first stage that failed, if any. */
  readonly failedAt: StageId | undefined;
}

/**
 * Every gate in journey order. A stage whose evidence would be written again identically (see `reusable` in
 * journey-status.ts) is not run again; its evidence stands. The journey passes when every available stage passed.
 */
export async function runJourney(
  project: Project,
  stages: readonly Stage[],
  options: JourneyOptions = {},
): Promise<JourneyResult> {
  const outcomes: StageOutcome[] = [];
  let failedAt: StageId | undefined;
  for (const id of stageIds) {
    const stage = stages.find((candidate) => candidate.id === id);
    let outcome: StageOutcome;
    if (stage === undefined) {
      outcome = { stage: id, kind: 'unavailable' };
    } else if (failedAt !== undefined && options.keepGoing !== true) {
      outcome = { stage: id, kind: 'skipped' };
    } else {
      options.onStageStart?.(id);
      // Recomputed for each stage: the stages before it may have just written new evidence.
      const status = (await journeyStatus(project, stages)).stages.find((candidate) => candidate.stage === id);
      const recorded = status?.reusable === true ? await readEvidence(project, id) : undefined;
      if (recorded !== undefined) {
        outcome = { stage: id, kind: 'reused', evidence: recorded };
      } else {
        const [checked] = await checkStages(project, [stage], stages, options);
        if (checked === undefined) throw new Error(`the ${id} gate returned no result`);
        outcome = { stage: id, kind: 'checked', evidence: checked.evidence };
      }
      if (outcome.evidence.result === 'failed') failedAt ??= id;
    }
    outcomes.push(outcome);
    options.onStageEnd?.(outcome);
  }
  return { passed: failedAt === undefined, outcomes, failedAt };
}
