import { draft, location, nonNegativeInteger, schemaId, severityCounts, stageId } from './schema-parts.ts';

/** `keel journey --json`. */
export const journeyOutputSchema = {
  $schema: draft,
  $id: schemaId('journey'),
  title: 'keel journey --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'failedAt', 'durationMs', 'report', 'stages'],
  properties: {
    ok: { type: 'boolean', description: 'True when every available stage passed.' },
    failedAt: { oneOf: [{ type: 'null' }, stageId], description: 'The first stage that failed, or null.' },
    durationMs: nonNegativeInteger,
    report: { type: 'string', description: 'Absolute path of the HTML report written after the gates.' },
    stages: {
      type: 'array',
      description: 'The nine stages in journey order.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stage', 'outcome'],
        properties: {
          stage: stageId,
          outcome: {
            enum: ['checked', 'reused', 'skipped', 'unavailable'],
            description:
              'checked: its gate ran; reused: its evidence stood (inputs unchanged); skipped: an earlier stage failed; unavailable: this Keel has no gate for it.',
          },
          result: { enum: ['passed', 'failed'], description: 'Only for checked and reused stages, as are the next.' },
          counts: severityCounts,
          durationMs: nonNegativeInteger,
          evidence: { type: 'string', description: 'The evidence file, relative to the project.' },
        },
      },
    },
  },
} as const;

const traceLocation = { oneOf: [{ type: 'null' }, location], description: 'null when the id is cited but undefined.' };

/** `keel trace <id> --json`. */
export const traceOutputSchema = {
  $schema: draft,
  $id: schemaId('trace'),
  title: 'keel trace --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'id', 'kind', 'stage', 'title', 'at', 'upstream', 'downstream'],
  properties: {
    ok: { const: true },
    id: { type: 'string' },
    kind: { type: 'string', description: 'requirement, rule, criterion, actor, decision, module, operation, …' },
    stage: stageId,
    title: { type: 'string' },
    at: location,
    upstream: { type: 'array', items: { $ref: '#/$defs/step' }, description: 'What the id derives from.' },
    downstream: { type: 'array', items: { $ref: '#/$defs/step' }, description: 'What was built on it.' },
  },
  $defs: {
    step: {
      type: 'object',
      additionalProperties: false,
      required: ['relation', 'id', 'kind', 'stage', 'title', 'at', 'next'],
      properties: {
        relation: { type: 'string', description: 'How it relates to the node above it, e.g. "verified by".' },
        id: { type: 'string' },
        kind: { type: 'string' },
        stage: { oneOf: [{ type: 'null' }, stageId] },
        title: { type: 'string' },
        at: traceLocation,
        next: { type: 'array', items: { $ref: '#/$defs/step' } },
      },
    },
  },
} as const;

/** `keel report --json`. */
export const reportOutputSchema = {
  $schema: draft,
  $id: schemaId('report'),
  title: 'keel report --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'report', 'durationMs'],
  properties: {
    ok: { const: true },
    report: { type: 'string', description: 'Absolute path of the HTML report written.' },
    durationMs: nonNegativeInteger,
  },
} as const;
