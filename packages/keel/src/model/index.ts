export { allowComments } from './allow-comments.ts';
export { loadDataModel, migrationId } from './load-data-model.ts';
export { migrationFileRule, sqlSyntaxRule } from './model-loader-rules.ts';
export type {
  Allow,
  Column,
  DataModel,
  ForeignKey,
  IndexKey,
  IndexOrigin,
  ModelMigration,
  SqlType,
  Statement,
  Table,
  TableIndex,
} from './model-model.ts';
export { modelStage } from './model-stage.ts';
export { parseSqlSection, type ParsedSection, type ParsedStatement } from './parse-sql-section.ts';
export { lintRules, modelRules, type Hit, type LintRule, type ReversibilityIssue } from './rules/index.ts';
export { traceModel } from './trace-model.ts';
