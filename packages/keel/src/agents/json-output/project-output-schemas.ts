import { databaseKind, draft, nonNegativeInteger, schemaId, stageId, strings } from './schema-parts.ts';

/** `keel init <dir> --json`. */
export const initOutputSchema = {
  $schema: draft,
  $id: schemaId('init'),
  title: 'keel init --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'dir', 'files'],
  properties: {
    ok: { const: true },
    dir: { type: 'string', description: 'Absolute path of the new project.' },
    files: { ...strings, description: 'Files written, relative to the project.' },
  },
} as const;

/** `keel gen --json` (each file `written`) and `keel gen --check --json` (each file `stale`). */
export const genOutputSchema = {
  $schema: draft,
  $id: schemaId('gen'),
  title: 'keel gen --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'files'],
  properties: {
    ok: { type: 'boolean', description: 'With --check: false when a generated file is stale.' },
    files: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'written'],
            properties: {
              path: { type: 'string' },
              written: { type: 'boolean', description: 'Without --check: the file was (re)written.' },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'stale'],
            properties: {
              path: { type: 'string' },
              stale: { type: 'boolean', description: 'With --check: the file differs from what Keel generates.' },
            },
          },
        ],
      },
    },
  },
} as const;

/** `keel agents show <playbook> --json`. */
export const agentsShowOutputSchema = {
  $schema: draft,
  $id: schemaId('agents-show'),
  title: 'keel agents show --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'playbook', 'markdown'],
  properties: {
    ok: { const: true },
    playbook: {
      type: 'object',
      additionalProperties: false,
      description: 'The model every agent format is rendered from.',
      required: [
        'name',
        'title',
        'description',
        'purpose',
        'reads',
        'produces',
        'conventions',
        'rules',
        'command',
        'helpers',
        'done',
        'findings',
        'appliesTo',
        'available',
      ],
      properties: {
        name: { oneOf: [{ const: 'journey' }, stageId] },
        title: { type: 'string' },
        description: { type: 'string' },
        purpose: { type: 'string' },
        reads: { ...strings, description: 'Artifacts to read first.' },
        produces: { ...strings, description: 'What to write.' },
        conventions: strings,
        rules: {
          type: 'array',
          description: "The rules of the stage's gate.",
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'severity', 'summary'],
            properties: {
              id: { type: 'string' },
              severity: { enum: ['error', 'warning', 'info'] },
              summary: { type: 'string' },
            },
          },
        },
        command: { type: 'string', description: 'The command that proves the stage.' },
        helpers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['command', 'use'],
            properties: { command: { type: 'string' }, use: { type: 'string' } },
          },
        },
        done: { type: 'string' },
        findings: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'action'],
            properties: { kind: { type: 'string' }, action: { type: 'string' } },
          },
        },
        appliesTo: { ...strings, description: 'Globs of the files the playbook is about.' },
        available: { type: 'boolean', description: 'False when this Keel has no gate for the stage yet.' },
      },
    },
    markdown: { type: 'string', description: 'The playbook rendered as Markdown.' },
  },
} as const;

/** `keel serve --json` (and `keel journey --serve --json`, after the journey's document): printed once listening. */
export const serveOutputSchema = {
  $schema: draft,
  $id: schemaId('serve'),
  title: 'keel serve --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'url', 'database', 'mode'],
  properties: {
    ok: { const: true },
    url: { type: 'string', description: 'Where the API listens.' },
    database: databaseKind,
    mode: { enum: ['development', 'test', 'production'] },
    demo: {
      type: 'object',
      additionalProperties: false,
      required: ['seeded', 'credentials'],
      description: 'With --demo: the seeds loaded and a token per demo principal of keel.yaml.',
      properties: {
        seeded: strings,
        credentials: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['label', 'subject', 'accessToken', 'expiresIn'],
            properties: {
              label: { type: 'string' },
              subject: { type: 'string' },
              accessToken: { type: 'string' },
              expiresIn: { ...nonNegativeInteger, description: 'Seconds the token lives.' },
            },
          },
        },
      },
    },
  },
} as const;

/** `keel mock --json`: printed once listening. */
export const mockOutputSchema = {
  $schema: draft,
  $id: schemaId('mock'),
  title: 'keel mock --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'url', 'operations', 'dynamic'],
  properties: {
    ok: { const: true },
    url: { type: 'string' },
    operations: { ...nonNegativeInteger, description: 'Operations the contract declares.' },
    dynamic: { type: 'boolean', description: 'Every body is generated from its schema (--dynamic).' },
  },
} as const;
