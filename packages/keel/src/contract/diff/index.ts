export {
  changeLevels,
  compareChanges,
  formatChangeLocation,
  type Change,
  type ChangeDirection,
  type ChangeLevel,
  type ChangeLocation,
} from './change.ts';
export {
  changeClass,
  changeClasses,
  operationClasses,
  schemaRules,
  type ChangeClass,
  type SchemaRule,
} from './change-classes.ts';
export { loadContractSide, type ContractSide, type LoadContractSideOptions } from './contract-side.ts';
export { diffContracts, type ContractDiff, type DiffOptions } from './diff-contracts.ts';
export { renderDiffMarkdown } from './render-diff-markdown.ts';
export { renderDiffText, summaryLine, type TextStyle } from './render-diff-text.ts';
