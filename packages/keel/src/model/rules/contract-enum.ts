import { agreementRule } from '../agreement/agreement.ts';

/** `model/contract-enum`: a property's enum lists exactly the values its column allows. */
export const contractEnum = agreementRule({
  id: 'model/contract-enum',
  severity: 'error',
  summary:
    'A mapped property’s enum and its column’s allowed values (an enum type’s labels, or a CHECK … IN (…)) are the same set.',
  fix: 'List in the contract exactly the values the column allows, or change the CHECK or enum type in a new migration.',
  find: ({ pairs }) =>
    pairs.flatMap(({ property, table, column, values, label }) => {
      const written = property.schema['enum'];
      const listed = Array.isArray(written) ? written.filter((value) => value !== null).map(String) : undefined;
      const where = `${table.name}.${column.name}`;
      if (values === undefined && listed === undefined) return [];
      if (values === undefined) {
        return [
          {
            message: `${label} lists values [${(listed ?? []).join(', ')}] in the contract, but ${where} accepts any value: rows written outside the API can break clients`,
            at: property.at,
            fix: `Add \`check (${column.name} in (${(listed ?? []).map((value) => `'${value}'`).join(', ')}))\` to ${table.name} in a new migration, or make the column an enum type.`,
          },
        ];
      }
      if (listed === undefined) {
        return [
          {
            message: `${where} allows only [${values.join(', ')}], but ${label} lists no enum: clients cannot know the values`,
            at: property.at,
            fix: `Add \`enum: [${values.join(', ')}]\` to ${property.name}.`,
          },
        ];
      }
      const onlyInContract = listed.filter((value) => !values.includes(value));
      const onlyInDatabase = values.filter((value) => !listed.includes(value));
      if (onlyInContract.length === 0 && onlyInDatabase.length === 0) return [];
      const missing = [
        onlyInContract.length > 0 ? `the database refuses ${onlyInContract.join(', ')}` : '',
        onlyInDatabase.length > 0 ? `the contract does not list ${onlyInDatabase.join(', ')}` : '',
      ].filter(Boolean);
      return [
        {
          message: `${label}: the contract's enum [${listed.join(', ')}] and the values ${where} allows [${values.join(', ')}] differ: ${missing.join('; ')}`,
          at: property.at,
          fix: [
            onlyInDatabase.length > 0
              ? `Add ${onlyInDatabase.join(', ')} to the enum of ${property.name}: values the database holds reach clients.`
              : '',
            onlyInContract.length > 0
              ? `Remove ${onlyInContract.join(', ')} from the enum of ${property.name}, or allow them in ${where} in a new migration.`
              : '',
          ]
            .filter(Boolean)
            .join(' '),
        },
      ];
    }),
});
