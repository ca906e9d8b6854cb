import { agreementRule } from '../agreement/agreement.ts';

/** `model/contract-read-only`: what clients cannot write, the database fills in. */
export const contractReadOnly = agreementRule({
  id: 'model/contract-read-only',
  severity: 'warning',
  summary: 'A mapped `readOnly` property’s column has a default, an identity or a generated expression.',
  fix: 'Give the column a default (`default gen_random_uuid()`, `default now()`) or make it an identity, in a new migration.',
  find: ({ pairs }) =>
    pairs
      .filter(({ property, fact }) => property.schema['readOnly'] === true && !fact.generated)
      .map(({ property, table, column, label }) => ({
        message: `${label} is readOnly in the contract, but ${table.name}.${column.name} has no default or identity: every insert has to invent it`,
        at: property.at,
        fix: `Give ${table.name}.${column.name} a default in a new migration (\`alter column ${column.name} set default ${defaultFor(column.type.name)}\`), or an identity for a bigint key.`,
      })),
});

function defaultFor(type: string): string {
  if (type === 'uuid') return 'gen_random_uuid()';
  if (type === 'timestamptz' || type === 'date') return 'now()';
  return '…';
}
