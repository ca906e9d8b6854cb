import type { Issue } from '../../journey/finding.ts';
import { agreementRule, type PropertyColumn } from '../agreement/agreement.ts';
import { columnFormats, expectedType, propertyTypes } from '../agreement/contract-types.ts';

/** `model/contract-type-mismatch`: a property's type and format are those its column's values have. */
export const contractTypeMismatch = agreementRule({
  id: 'model/contract-type-mismatch',
  severity: 'error',
  summary:
    'Each mapped property has the JSON type of its column (string, integer, number, boolean, object or array), and uuid, timestamptz and date columns are strings of format uuid, date-time and date.',
  fix: 'Change the property’s type or format to what the column holds, or the column’s type (in a new migration) to what the contract promises.',
  find: ({ pairs, facts }) =>
    pairs.flatMap((pair) => {
      const issue = typeMismatch(pair, facts.enumLabels(pair.column.type.name) !== undefined);
      return issue === undefined ? [] : [issue];
    }),
});

function typeMismatch(pair: PropertyColumn, isEnum: boolean): Issue | undefined {
  const { property, column, label } = pair;
  const types = propertyTypes(property.schema);
  if (types.length === 0) return undefined;
  const format = typeof property.schema['format'] === 'string' ? property.schema['format'] : undefined;
  const said = `${types.join(' or ')}${format === undefined ? '' : ` (format ${format})`}`;
  const where = `${pair.table.name}.${column.name}`;
  if (column.type.name === 'timestamp' && !column.type.array) {
    return {
      message: `${label} is ${said} in the contract, but ${where} is timestamp without time zone: its values are not instants`,
      at: property.at,
      fix: `Make ${where} timestamptz in a new migration (\`alter column ${column.name} type timestamptz\`), and declare the property \`type: string, format: date-time\`.`,
    };
  }
  const expected = expectedType(column.type, isEnum);
  if (expected === undefined) return undefined;
  const wrong = types.filter((type) => !expected.types.includes(type));
  if (wrong.length > 0) {
    return {
      message: `${label} is ${said} in the contract, but ${where} is ${column.type.text}, whose values are ${expected.types.join(' or ')}`,
      at: property.at,
      fix: `Declare the property \`type: ${expected.types[0] ?? 'string'}\`${expected.format === undefined ? '' : ` with \`format: ${expected.format}\``}, or change the column’s type in a new migration.`,
    };
  }
  if (!types.includes('string')) return undefined;
  if (expected.format !== undefined && format !== expected.format) {
    return {
      message: `${label} is ${said} in the contract, but ${where} is ${column.type.text}: its values are strings of format ${expected.format}`,
      at: property.at,
      fix: `Declare \`format: ${expected.format}\` on the property, so clients and validators know what they get.`,
    };
  }
  const needs = format === undefined ? undefined : columnFormats[format];
  if (needs !== undefined && expected.format === undefined) {
    return {
      message: `${label} promises format ${format ?? ''}, but ${where} is ${column.type.text}: it holds any text, not only a ${format ?? ''}`,
      at: property.at,
      fix: `Make ${where} ${needs} (a new migration), or drop \`format: ${format ?? ''}\` from the property.`,
    };
  }
  return undefined;
}
