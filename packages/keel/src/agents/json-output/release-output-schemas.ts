import { draft, finding, nonNegativeInteger, schemaId, severityCounts, strings } from './schema-parts.ts';

/** The release record (releases/<version>/release.json) as `keel ship` builds it; its own `format` is 1. */
const releaseRecord = {
  type: 'object',
  required: [
    'format',
    'version',
    'project',
    'createdAt',
    'keelVersion',
    'commit',
    'previous',
    'bump',
    'requiredBump',
    'gates',
    'contract',
    'migrations',
    'artifacts',
    'changelog',
    'requirements',
    'rollback',
  ],
  properties: {
    format: { const: 1 },
    version: { type: 'string' },
    project: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    keelVersion: { type: 'string' },
    commit: { oneOf: [{ type: 'null' }, { type: 'object' }], description: '{ sha, dirty }, or null outside git.' },
    previous: { oneOf: [{ type: 'null' }, { type: 'object' }], description: 'The release before, or null.' },
    bump: { enum: ['major', 'minor', 'patch', 'none'] },
    requiredBump: { enum: ['major', 'minor', 'patch', 'none'], description: 'The least the contract diff needs.' },
    gates: { type: 'array', items: { type: 'object' }, description: "Each stage's gate as it stood." },
    contract: { type: 'object', description: '{ snapshot, infoVersion }.' },
    migrations: { type: 'object', description: '{ level, previousLevel, all }.' },
    artifacts: { type: 'object', additionalProperties: { type: 'string' }, description: 'SHA-256 by path.' },
    changelog: { type: 'array', items: { type: 'object' } },
    requirements: { type: 'array', items: { type: 'object' } },
    rollback: { type: 'object', description: 'The plan back to the previous release.' },
  },
} as const;

/** `keel ship --json`. */
export const shipOutputSchema = {
  $schema: draft,
  $id: schemaId('ship'),
  title: 'keel ship --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'version', 'dryRun', 'written', 'counts', 'findings', 'record', 'files'],
  properties: {
    ok: { type: 'boolean', description: 'True when the readiness gate passed.' },
    version: { type: ['string', 'null'], description: 'The version released, or null when none is known.' },
    dryRun: { type: 'boolean' },
    written: { type: ['string', 'null'], description: 'The release folder written, or null (dry run, not ready).' },
    counts: severityCounts,
    findings: { type: 'array', items: finding, description: 'What blocks the release.' },
    record: { oneOf: [{ type: 'null' }, releaseRecord] },
    files: { ...strings, description: 'Every file of the release, relative to the project.' },
  },
} as const;

/** `keel rollback <version> --json`. */
export const rollbackOutputSchema = {
  $schema: draft,
  $id: schemaId('rollback'),
  title: 'keel rollback --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'version', 'rolledBack', 'steps', 'bundle'],
  properties: {
    ok: { const: true },
    version: { type: 'string' },
    rolledBack: { type: 'boolean', description: 'False with --dry-run: the steps are what would run.' },
    steps: {
      type: 'array',
      description: 'Newest first: the order they run in.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'file', 'losses'],
        properties: {
          version: nonNegativeInteger,
          file: { type: 'string' },
          losses: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['object', 'message', 'check', 'count'],
              properties: {
                object: { type: 'string', description: 'e.g. `column bookings.note`.' },
                message: { type: 'string' },
                check: { type: 'string', description: 'A query that counts what would be lost.' },
                count: { type: ['integer', 'null'], description: 'Rows or values there now; null if uncounted.' },
              },
            },
          },
        },
      },
    },
    bundle: { type: 'string', description: "The release's deploy bundle, to deploy once the database is back." },
  },
} as const;
