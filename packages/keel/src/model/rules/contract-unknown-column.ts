import { closestMatches } from '../../source/index.ts';
import { agreementRule } from '../agreement/agreement.ts';

/** `model/contract-unknown-column`: every property of a mapped schema maps to a column of its table. */
export const contractUnknownColumn = agreementRule({
  id: 'model/contract-unknown-column',
  severity: 'error',
  summary:
    'Every property of a schema with `x-keel-table` maps to a column of that table, or says `x-keel-column: false`.',
  fix: 'Name the column with `x-keel-column: <column>`, mark a computed property `x-keel-column: false`, or add the column in a migration.',
  find: ({ schemas, tables }) =>
    schemas.flatMap((schema) => {
      const table = tables.get(schema.table);
      if (table === undefined) return [];
      const columns = table.columns.map((column) => column.name);
      return schema.properties
        .filter((property) => property.column !== undefined && !columns.includes(property.column))
        .map((property) => {
          const column = property.column ?? '';
          const near = closestMatches(column, columns);
          return {
            message: `${schema.name}.${property.name} maps to column ${table.name}.${column}, which the table does not have`,
            at: property.at,
            fix:
              near.length > 0
                ? `If ${property.name} is stored in ${near[0] ?? ''}, write \`x-keel-column: ${near[0] ?? ''}\` on the property.`
                : `Add column ${column} to ${table.name} in a migration, or mark ${property.name} \`x-keel-column: false\` if the API computes it.`,
          };
        });
    }),
});
