import { agreementRule } from '../agreement/agreement.ts';
import { promisedLength } from './contract-length.ts';

/** `model/contract-length-unenforced`: a length the contract promises, the database enforces too. */
export const contractLengthUnenforced = agreementRule({
  id: 'model/contract-length-unenforced',
  severity: 'warning',
  summary: 'A text column whose property has a maxLength has a limit of its own (a CHECK on char_length).',
  fix: 'Add `check (char_length(column) <= n)` in a new migration (NOT VALID, then VALIDATE).',
  find: ({ pairs }) =>
    pairs.flatMap((pair) => {
      const promised = promisedLength(pair);
      const { property, table, column, maxLength, label } = pair;
      if (promised === undefined || maxLength !== undefined) return [];
      return [
        {
          message: `${label} has maxLength ${promised} in the contract, but ${table.name}.${column.name} has no limit: the database does not enforce it`,
          at: property.at,
          fix: `Add \`check (char_length(${column.name}) <= ${promised})\` to ${table.name} in a new migration (NOT VALID, then VALIDATE), so writes that bypass the API keep the limit too.`,
        },
      ];
    }),
});
