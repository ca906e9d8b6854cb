import { accessStage } from '../access/access-stage.ts';
import { architectureStage } from '../architecture/architecture-stage.ts';
import { securityStage } from '../audit/audit-stage.ts';
import { contractStage } from '../contract/contract-stage.ts';
import { modelStage } from '../model/model-stage.ts';
import { requirementsStage } from '../requirements/requirements-stage.ts';
import { reviewStage } from '../review/review-stage.ts';
import { shipStage } from '../ship/ship-stage.ts';
import { testsStage } from '../tests/tests-stage.ts';
import type { Stage } from './stage.ts';
import { isStageId, stageIds, type StageId } from './stage-id.ts';

/**
 * The stages this version of Keel can check, in journey order. A stage is a folder that exports one `Stage`; adding
 * one is adding its folder and its line here.
 */
export const stages: readonly Stage[] = [
  requirementsStage,
  architectureStage,
  contractStage,
  modelStage,
  accessStage,
  reviewStage,
  testsStage,
  securityStage,
  shipStage,
].sort((a, b) => stageIds.indexOf(a.id) - stageIds.indexOf(b.id));

export function findStage(id: StageId): Stage | undefined {
  return stages.find((stage) => stage.id === id);
}

export { isStageId };
