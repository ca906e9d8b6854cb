export { requirementsSchemaRule } from './check-requirements-schema.ts';
export { loadRequirements } from './load-requirements.ts';
export { nfrKinds, parseNfrQuantity, toBaseUnit, type NfrUnit, type ParsedQuantity } from './nfr-quantity.ts';
export type {
  AcceptanceCriterion,
  Actor,
  BusinessRule,
  NonFunctionalKind,
  NonFunctionalRequirement,
  NonFunctionalTarget,
  Requirements,
  RequirementOperation,
} from './requirements-model.ts';
export { requirementsSchema } from './requirements-schema.ts';
export { requirementsStage } from './requirements-stage.ts';
export { requirementsRules } from './rules/index.ts';
export { traceRequirements } from './trace-requirements.ts';
