import type { Rule } from '../../journey/stage.ts';
import type { DataModel } from '../model-model.ts';
import { contractEnum } from './contract-enum.ts';
import { contractLengthUnenforced } from './contract-length-unenforced.ts';
import { contractLength } from './contract-length.ts';
import { contractNullability } from './contract-nullability.ts';
import { contractReadOnly } from './contract-read-only.ts';
import { contractTypeMismatch } from './contract-type-mismatch.ts';
import { contractUnknownColumn } from './contract-unknown-column.ts';
import { contractUnknownTable } from './contract-unknown-table.ts';

/** The rules on the contract and the schema agreeing, in the order docs/model.md lists them. */
export const contractAgreementRules: readonly Rule<DataModel>[] = [
  contractUnknownTable,
  contractUnknownColumn,
  contractTypeMismatch,
  contractNullability,
  contractLength,
  contractLengthUnenforced,
  contractEnum,
  contractReadOnly,
];
