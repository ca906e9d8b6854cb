import { draft, location, schemaId } from './schema-parts.ts';

/** What every command prints with `--json` when it fails on bad input or an internal error (exit 2, or 1). */
export const errorOutputSchema = {
  $schema: draft,
  $id: schemaId('error'),
  title: 'keel <any command> --json, on error',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'error'],
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      description: 'A KeelError: its stable code (docs/errors.md), and any further fields the code documents.',
      required: ['code', 'message', 'fix'],
      properties: {
        code: { type: 'string', pattern: '^KEEL_[A-Z_]+$' },
        message: { type: 'string' },
        fix: { type: 'string', description: 'What to do about it.' },
        location: { ...location, description: 'The file (and line) the error is about, when there is one.' },
      },
    },
  },
} as const;
