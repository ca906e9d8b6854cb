import { severityCounts as counts } from './json-output/schema-parts.ts';

/**
 * JSON Schemas (2020-12) of the reports agents and their hooks read: `keel status --json`, `keel agents gate --json`
 * and `keel agents install --json`, published under packages/keel/schemas by `npm run schemas:write`. Each has a `$id`
 * with its version; a change that removes or retypes a field gets a new version.
 */

const stage = {
  enum: ['requirements', 'architecture', 'contract', 'model', 'access', 'review', 'tests', 'security', 'ship'],
} as const;
const state = { enum: ['passing', 'failing', 'stale', 'not-started'] } as const;

/** `keel status --json`. */
export const statusReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/status-report.v1.schema.json',
  title: 'keel status --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'stages', 'next'],
  properties: {
    ok: { type: 'boolean', description: 'True when every one of the nine stages is passing.' },
    stages: {
      type: 'array',
      minItems: 9,
      maxItems: 9,
      description: 'The nine stages in journey order.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stage', 'state', 'reasons', 'available', 'reusable'],
        properties: {
          stage,
          state,
          reasons: { type: 'array', items: { type: 'string' }, description: 'Why the stage is in this state.' },
          available: { type: 'boolean', description: 'False when this Keel has no gate for the stage yet.' },
          reusable: { type: 'boolean', description: 'Its evidence would be written again identically.' },
          evidence: {
            type: 'object',
            additionalProperties: false,
            required: ['checkedAt', 'counts', 'commit', 'keelVersion'],
            properties: {
              checkedAt: { type: 'string', format: 'date-time' },
              counts,
              commit: {
                oneOf: [
                  { type: 'null' },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['sha', 'dirty'],
                    properties: { sha: { type: 'string' }, dirty: { type: 'boolean' } },
                  },
                ],
              },
              keelVersion: { type: 'string' },
            },
          },
        },
      },
    },
    next: {
      description: 'The one next step, or null when every stage passes.',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['stage', 'action', 'command'],
          properties: { stage, action: { type: 'string' }, command: { type: 'string' } },
        },
      ],
    },
  },
} as const;

/** `keel agents gate --json`. */
export const gateVerdictSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/agents-gate.v1.schema.json',
  title: 'keel agents gate --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'changed', 'touched', 'blocking', 'rechecked'],
  properties: {
    ok: { type: 'boolean', description: 'True when every stage the change touched is passing.' },
    changed: {
      oneOf: [{ type: 'null' }, { type: 'array', items: { type: 'string' } }],
      description: 'Changed files relative to the project; null outside git (every started stage is then touched).',
    },
    touched: { type: 'array', items: stage },
    blocking: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stage', 'state', 'reasons', 'command'],
        properties: {
          stage,
          state,
          reasons: { type: 'array', items: { type: 'string' } },
          command: { type: 'string', description: 'The command that fixes it.' },
        },
      },
    },
    rechecked: { type: 'boolean', description: 'The touched stages’ gates ran for this verdict (--recheck).' },
  },
} as const;

/** `keel agents install --json`. */
export const agentsInstallReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/agents-install.v1.schema.json',
  title: 'keel agents install --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'agents', 'files'],
  properties: {
    ok: { const: true },
    agents: { type: 'array', items: { enum: ['claude', 'copilot', 'codex', 'cursor', 'gemini'] } },
    files: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'action'],
        properties: {
          path: { type: 'string', description: 'Relative to the project root.' },
          action: { enum: ['created', 'updated', 'unchanged', 'skipped'] },
          reason: { type: 'string', description: 'Why a file was skipped.' },
        },
      },
    },
  },
} as const;
