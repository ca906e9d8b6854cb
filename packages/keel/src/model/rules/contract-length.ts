import { agreementRule, type PropertyColumn } from '../agreement/agreement.ts';

const limitable = new Set(['text', 'varchar', 'bpchar', 'citext']);

/** A text property's maxLength, when its column is text that a length can limit. */
export function promisedLength({ property, column }: PropertyColumn): number | undefined {
  const promised = property.schema['maxLength'];
  return typeof promised === 'number' && limitable.has(column.type.name) && !column.type.array ? promised : undefined;
}

/** `model/contract-length`: the contract accepts no longer text than the column stores. */
export const contractLength = agreementRule({
  id: 'model/contract-length',
  severity: 'error',
  summary: 'A mapped property’s maxLength is at most its column’s limit: varchar(n), or a CHECK on char_length.',
  fix: 'Make maxLength the column’s limit, or raise the limit in a new migration.',
  find: ({ pairs }) =>
    pairs.flatMap((pair) => {
      const promised = promisedLength(pair);
      const { property, table, column, maxLength, label } = pair;
      if (promised === undefined || maxLength === undefined || promised <= maxLength) return [];
      return [
        {
          message: `${label} accepts up to ${promised} characters in the contract, but ${table.name}.${column.name} holds at most ${maxLength}: longer values fail on insert`,
          at: property.at,
          fix: `Lower maxLength of ${property.name} to ${maxLength}, or raise the column's limit to ${promised} in a new migration.`,
        },
      ];
    }),
});
