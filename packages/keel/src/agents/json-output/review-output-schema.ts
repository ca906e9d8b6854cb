import { draft, location, nonNegativeInteger, schemaId, strings } from './schema-parts.ts';

const reviewSeverity = { enum: ['blocker', 'high', 'medium', 'low', 'info'] } as const;

/** `keel review --json`. */
export const reviewOutputSchema = {
  $schema: draft,
  $id: schemaId('review'),
  title: 'keel review --json',
  type: 'object',
  additionalProperties: false,
  required: [
    'ok',
    'keelVersion',
    'all',
    'head',
    'failOn',
    'files',
    'counts',
    'findings',
    'checks',
    'notes',
    'overrides',
    'durationMs',
  ],
  properties: {
    ok: { type: 'boolean', description: 'False when a finding is at failOn or worse.' },
    keelVersion: { type: 'string' },
    all: { type: 'boolean', description: 'Every file was reviewed (--all), not only the change.' },
    base: {
      type: 'object',
      additionalProperties: false,
      required: ['ref', 'commit', 'how'],
      description: 'The revision the change is measured from; absent with --all.',
      properties: {
        ref: { type: 'string' },
        commit: { type: 'string' },
        how: { type: 'string', description: 'How the base was chosen.' },
      },
    },
    head: {
      oneOf: [
        { const: 'working tree' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['ref', 'commit'],
          properties: { ref: { type: 'string' }, commit: { type: 'string' } },
        },
      ],
    },
    failOn: { enum: ['blocker', 'high', 'medium', 'low', 'info', 'never'] },
    files: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'status'],
        properties: { path: { type: 'string' }, status: { enum: ['added', 'modified', 'deleted', 'renamed'] } },
      },
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['blocker', 'high', 'medium', 'low', 'info'],
      properties: {
        blocker: nonNegativeInteger,
        high: nonNegativeInteger,
        medium: nonNegativeInteger,
        low: nonNegativeInteger,
        info: nonNegativeInteger,
      },
    },
    findings: {
      type: 'array',
      description: 'Worst first.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'severity', 'source', 'message', 'fix', 'location', 'introduced'],
        properties: {
          rule: { type: 'string' },
          severity: reviewSeverity,
          source: {
            enum: [
              'typescript',
              'eslint',
              'keel-plugin',
              'contract',
              'model',
              'access',
              'architecture',
              'secrets',
              'dependencies',
              'review',
            ],
            description: 'The check that found it.',
          },
          message: { type: 'string' },
          fix: { type: 'string' },
          location,
          introduced: { type: 'boolean', description: 'The change introduced it; false only with --all.' },
          override: {
            type: 'object',
            additionalProperties: false,
            required: ['from', 'reason'],
            properties: { from: reviewSeverity, reason: { type: 'string' } },
          },
        },
      },
    },
    checks: { ...strings, description: 'The checks that ran.' },
    notes: { ...strings, description: 'Why a check could not run, and similar notes.' },
    overrides: {
      type: 'array',
      description: 'Rules keel.yaml re-levels (review.rules), with the reason given.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'severity', 'reason'],
        properties: { rule: { type: 'string' }, severity: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    durationMs: nonNegativeInteger,
  },
} as const;
