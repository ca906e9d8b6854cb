import { draft, nonNegativeInteger, schemaId } from './schema-parts.ts';

const level = { enum: ['breaking', 'possibly-breaking', 'non-breaking'] } as const;
const side = {
  type: 'object',
  additionalProperties: false,
  required: ['file', 'line', 'column'],
  properties: {
    file: { type: 'string', description: 'A path, or REV:path for a contract read from git.' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
  },
} as const;

/** `keel contract diff --json`. */
export const contractDiffOutputSchema = {
  $schema: draft,
  $id: schemaId('contract-diff'),
  title: 'keel contract diff --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'failOn', 'base', 'head', 'changes', 'counts'],
  properties: {
    ok: { type: 'boolean', description: 'False when a change meets --fail-on.' },
    failOn: { enum: ['breaking', 'possibly', 'none'] },
    base: { type: 'string', description: 'The old contract as given.' },
    head: { type: 'string', description: 'The new contract as given.' },
    changes: {
      type: 'array',
      description: 'Breaking first; docs/contract-diff.md lists every change class.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'level', 'direction', 'message', 'operations', 'base', 'head'],
        properties: {
          id: { type: 'string', description: 'The stable change class, e.g. request-property-became-required.' },
          level,
          direction: { enum: ['request', 'response', 'other'] },
          message: { type: 'string' },
          operations: { type: 'array', items: { type: 'string' }, description: '`METHOD /path` of each.' },
          base: side,
          head: side,
        },
      },
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['breaking', 'possibly-breaking', 'non-breaking'],
      properties: {
        breaking: nonNegativeInteger,
        'possibly-breaking': nonNegativeInteger,
        'non-breaking': nonNegativeInteger,
      },
    },
  },
} as const;
