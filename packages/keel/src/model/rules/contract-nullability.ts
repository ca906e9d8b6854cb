import { agreementRule } from '../agreement/agreement.ts';
import { allowsNull, propertyTypes } from '../agreement/contract-types.ts';

/** `model/contract-nullability`: a property whose column may hold NULL says so. */
export const contractNullability = agreementRule({
  id: 'model/contract-nullability',
  severity: 'error',
  summary: 'A mapped property whose column allows NULL allows null too: a NULL row must not break the contract.',
  fix: 'Add `null` to the property’s type, or make the column NOT NULL in a new migration.',
  find: ({ pairs }) =>
    pairs
      .filter((pair) => !pair.fact.notNull && !allowsNull(pair.property.schema))
      .map(({ property, table, column, label }) => {
        const where = `${table.name}.${column.name}`;
        return {
          message: property.required
            ? `${label} is required and not nullable in the contract, but ${where} allows NULL: a row with NULL yields a response the contract forbids`
            : `${label} is not nullable in the contract, but ${where} allows NULL: a row with NULL yields null, which the property's type forbids`,
          at: property.at,
          fix: `Add \`'null'\` to the type of ${property.name} (\`type: [${propertyTypes(property.schema).join(', ') || 'string'}, 'null']\`), or make ${where} NOT NULL in a new migration.`,
        };
      }),
});
