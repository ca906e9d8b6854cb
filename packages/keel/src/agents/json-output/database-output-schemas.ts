import { databaseKind, draft, migrationRun, migrationState, schemaId } from './schema-parts.ts';

function dbSchema(name: string, title: string, properties: Record<string, unknown>) {
  return {
    $schema: draft,
    $id: schemaId(name),
    title,
    type: 'object',
    additionalProperties: false,
    required: ['ok', 'database', ...Object.keys(properties)],
    properties: { ok: { type: 'boolean' }, database: databaseKind, ...properties },
  } as const;
}

const runs = (description: string) => ({ type: 'array', items: migrationRun, description }) as const;

/** `keel db migrate --json`. */
export const dbMigrateOutputSchema = dbSchema('db-migrate', 'keel db migrate --json', {
  applied: runs('Migrations applied, in order.'),
});

/** `keel db rollback --json`. */
export const dbRollbackOutputSchema = dbSchema('db-rollback', 'keel db rollback --json', {
  rolledBack: runs('Migrations rolled back, newest first.'),
});

/** `keel db reset --json`. */
export const dbResetOutputSchema = dbSchema('db-reset', 'keel db reset --json', {
  rolledBack: runs('Migrations rolled back, newest first.'),
  applied: runs('Migrations applied again, in order.'),
});

/** `keel db status --json`. */
export const dbStatusOutputSchema = dbSchema('db-status', 'keel db status --json', {
  current: { type: 'boolean', description: 'Every migration is applied.' },
  migrations: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'name', 'file', 'state'],
      properties: {
        version: { type: 'integer', minimum: 0 },
        name: { type: 'string' },
        file: { type: 'string' },
        state: {
          ...migrationState,
          description: 'edited: applied, then its file changed; missing: applied, but its file is gone.',
        },
        appliedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
});

/** `keel db seed --json`. */
export const dbSeedOutputSchema = dbSchema('db-seed', 'keel db seed --json', {
  dir: { type: 'string', description: 'The seeds folder.' },
  missing: { type: 'boolean', description: 'The folder does not exist: nothing was seeded.' },
  ran: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'durationMs'],
      properties: { file: { type: 'string' }, durationMs: { type: 'integer', minimum: 0 } },
    },
  },
});

/** `keel db diff --json`. */
export const dbDiffOutputSchema = dbSchema('db-diff', 'keel db diff --json', {
  differences: {
    type: 'array',
    description: 'Objects where the database differs from what its migrations build.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'list', 'object', 'changes'],
      properties: {
        kind: { enum: ['missing', 'unexpected', 'changed'] },
        list: { type: 'string', description: 'The catalog list: tables, columns, indexes, policies, …' },
        object: { type: 'string', description: 'e.g. `index bookings_resource_id_starts_at`.' },
        changes: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['property', 'before', 'after'],
            properties: {
              property: { type: 'string' },
              before: { type: 'string', description: 'What the migrations build.' },
              after: { type: 'string', description: 'What the database has.' },
            },
          },
        },
      },
    },
  },
  migrations: {
    type: 'array',
    description: 'Migrations edited or missing since applied, and pending ones.',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'name', 'file', 'state'],
      properties: {
        version: { type: 'integer', minimum: 0 },
        name: { type: 'string' },
        file: { type: 'string' },
        state: migrationState,
      },
    },
  },
});
