import type { Rule } from '../../journey/stage.ts';
import type { DataModel } from '../model-model.ts';
import { allowedRule, allowWithoutReason, unusedAllowRule } from './allow-rules.ts';
import { columnTypeChange } from './column-type-change.ts';
import { jsonType, serialKey, timestampWithoutTimeZone, varcharLength } from './column-types.ts';
import { contractAgreementRules } from './contract-rules.ts';
import { concurrentlyInTransaction } from './concurrently-in-transaction.ts';
import { constraintNotValid } from './constraint-not-valid.ts';
import { destructiveChange } from './destructive-change.ts';
import { downLosesData } from './down-loses-data.ts';
import { duplicateIndex } from './duplicate-index.ts';
import { foreignKeyWithoutIndex } from './foreign-key-without-index.ts';
import { indexNotConcurrent } from './index-not-concurrent.ts';
import { intKey } from './int-key.ts';
import { irreversibleMigration } from './irreversible-migration.ts';
import type { LintRule } from './lint-rule.ts';
import { missingLockTimeout } from './missing-lock-timeout.ts';
import { notNullOnExistingTable } from './not-null-on-existing-table.ts';
import { queryPlan } from './query-plan.ts';
import { rename } from './rename.ts';
import { tableWithoutPrimaryKey } from './table-without-primary-key.ts';
import { volatileDefault } from './volatile-default.ts';

/** The migration lint: rules on statements and on the tables they declare, which allow comments may accept. */
export const lintRules: readonly LintRule[] = [
  destructiveChange,
  notNullOnExistingTable,
  columnTypeChange,
  rename,
  indexNotConcurrent,
  concurrentlyInTransaction,
  constraintNotValid,
  volatileDefault,
  missingLockTimeout,
  intKey,
  serialKey,
  timestampWithoutTimeZone,
  varcharLength,
  jsonType,
  tableWithoutPrimaryKey,
  foreignKeyWithoutIndex,
  duplicateIndex,
];

/** The rules of the data-model gate, in the order docs/model.md lists them. */
export const modelRules: readonly Rule<DataModel>[] = [
  irreversibleMigration,
  downLosesData,
  ...lintRules,
  allowWithoutReason,
  unusedAllowRule(lintRules),
  allowedRule(lintRules),
  ...contractAgreementRules,
  queryPlan,
];

export { allowOf, lintRule, type Hit, type LintRule } from './lint-rule.ts';
export type { ReversibilityIssue } from './reversibility.ts';
