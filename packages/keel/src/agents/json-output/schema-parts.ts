/**
 * Pieces the JSON Schemas of Keel's `--json` outputs share: stages, severities, locations, findings. Each output
 * schema is a 2020-12 schema whose `$id` carries its version (`<name>.v1.schema.json`).
 */

export const draft = 'https://json-schema.org/draft/2020-12/schema';

/** The `$id` of version `version` of the schema published as `<name>.schema.json`. */
export function schemaId(name: string, version = 1): string {
  return `https://keel.dev/schemas/${name}.v${String(version)}.schema.json`;
}

export const stageId = {
  enum: ['requirements', 'architecture', 'contract', 'model', 'access', 'review', 'tests', 'security', 'ship'],
} as const;

export const severity = { enum: ['error', 'warning', 'info'] } as const;

export const severityCounts = {
  type: 'object',
  additionalProperties: false,
  required: ['error', 'warning', 'info'],
  properties: {
    error: { type: 'integer', minimum: 0 },
    warning: { type: 'integer', minimum: 0 },
    info: { type: 'integer', minimum: 0 },
  },
} as const;

export const nonNegativeInteger = { type: 'integer', minimum: 0 } as const;
export const strings = { type: 'array', items: { type: 'string' } } as const;

/** `file`, and the 1-based line and column when known; the file is relative to the project. */
export const location = {
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: {
    file: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
  },
} as const;

/** A gate's finding, as `keel check` reports it. */
export const finding = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'stage', 'severity', 'message', 'fix', 'location'],
  properties: {
    rule: { type: 'string', description: '`<stage>/<name>`, stable: keel.yaml re-levels rules by it.' },
    stage: stageId,
    severity,
    message: { type: 'string' },
    fix: { type: 'string' },
    location,
    code: { type: 'string', pattern: '^KEEL_[A-Z_]+$', description: 'Set when the finding stems from a Keel error.' },
    override: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'reason'],
      properties: { from: severity, reason: { type: 'string' } },
    },
  },
} as const;

/** A migration a command applied or rolled back; `durationMs` is absent when it was not timed. */
export const migrationRun = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'name', 'file'],
  properties: {
    version: nonNegativeInteger,
    name: { type: 'string' },
    file: { type: 'string' },
    durationMs: nonNegativeInteger,
  },
} as const;

export const migrationState = { enum: ['applied', 'pending', 'edited', 'missing'] } as const;

export const databaseKind = {
  enum: ['pglite', 'postgres'],
  description: 'The database the command used: embedded PGlite or a PostgreSQL server.',
} as const;
