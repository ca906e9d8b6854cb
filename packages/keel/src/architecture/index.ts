export { architectureDiagram, escapeLabel } from './architecture-diagram.ts';
export { architectureSchemaRule, decisionFrontMatterRule } from './architecture-loader-rules.ts';
export {
  decisionName,
  decisionStatuses,
  keyAt,
  type Architecture,
  type ArchitectureModule,
  type DataFlow,
  type Decision,
  type DecisionOption,
  type DecisionSection,
  type DecisionStatus,
  type ExternalSystem,
  type Located,
} from './architecture-model.ts';
export { architectureSchema } from './architecture-schema.ts';
export { architectureStage } from './architecture-stage.ts';
export { cruiseImports, type FileImport } from './cruise-imports.ts';
export { decisionFrontMatterSchema } from './decision-front-matter-schema.ts';
export { expensiveTopics, type ExpensiveTopic } from './expensive-topics.ts';
export { importPositions } from './import-positions.ts';
export { loadArchitecture } from './load-architecture.ts';
export { loadDecisions } from './load-decisions.ts';
export { moduleOfFile } from './module-of-file.ts';
export { parseDecision } from './parse-decision.ts';
export { architectureRules, decisionSectionNames } from './rules/index.ts';
export { traceArchitecture } from './trace-architecture.ts';
