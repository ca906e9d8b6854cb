import type { Rule } from '../../journey/stage.ts';
import type { Requirements } from '../requirements-model.ts';
import { criterionIdMismatch } from './criterion-id-mismatch.ts';
import { criterionRuleNotObeyed } from './criterion-rule-not-obeyed.ts';
import { duplicateCriterion } from './duplicate-criterion.ts';
import { duplicateId } from './duplicate-id.ts';
import { emptyClause } from './empty-clause.ts';
import { idFormat } from './id-format.ts';
import { nfrInconsistent } from './nfr-inconsistent.ts';
import { nfrNotMeasurable } from './nfr-not-measurable.ts';
import { operationWithoutCriteria } from './operation-without-criteria.ts';
import { ruleNotCovered } from './rule-not-covered.ts';
import { ruleNotExercisedByOperation } from './rule-not-exercised-by-operation.ts';
import { undeclaredActor } from './undeclared-actor.ts';
import { unknownReference } from './unknown-reference.ts';
import { unusedActor } from './unused-actor.ts';
import { vagueWording } from './vague-wording.ts';

export { findVagueWords, vagueWordGroups, type VagueWord } from './vague-words.ts';

/** The rules of the requirements gate, in the order docs/requirements.md lists them. */
export const requirementsRules: readonly Rule<Requirements>[] = [
  idFormat,
  duplicateId,
  operationWithoutCriteria,
  ruleNotCovered,
  ruleNotExercisedByOperation,
  criterionRuleNotObeyed,
  undeclaredActor,
  unusedActor,
  unknownReference,
  nfrNotMeasurable,
  nfrInconsistent,
  vagueWording,
  duplicateCriterion,
  emptyClause,
  criterionIdMismatch,
];
