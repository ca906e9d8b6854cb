import { closestMatches } from '../../source/index.ts';
import { agreementRule } from '../agreement/agreement.ts';

/** `model/contract-unknown-table`: every `x-keel-table` names a table the migrations create. */
export const contractUnknownTable = agreementRule({
  id: 'model/contract-unknown-table',
  severity: 'error',
  summary: 'Every `x-keel-table` in the contract names a table the migrations create.',
  fix: 'Correct `x-keel-table` to the SQL name of the table, or write the migration that creates it.',
  find: ({ schemas, tables }) =>
    schemas
      .filter((schema) => !tables.has(schema.table))
      .map((schema) => {
        const near = closestMatches(schema.table, tables.keys());
        return {
          message: `schema ${schema.name} maps to table ${schema.table}, which no migration creates`,
          at: schema.tableAt,
          fix:
            near.length > 0
              ? `Did you mean \`x-keel-table: ${near[0] ?? ''}\`?`
              : `Name one of the tables the migrations create (${[...tables.keys()].join(', ') || 'none yet'}), create table ${schema.table} in a migration, or remove \`x-keel-table\` if ${schema.name} is not stored.`,
        };
      }),
});
