const kebabName = { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' } as const;

const nameList = (description: string) =>
  ({ type: 'array', description, uniqueItems: true, items: { type: 'string', minLength: 1 } }) as const;

/**
 * The JSON Schema (draft 2020-12) of `architecture.yaml`, published as `packages/keel/schemas/architecture.schema.json`
 * (`npm run schemas:write`). It checks shape only: references between modules, requirements and code are the gate's own
 * rules, so each problem is reported once, by the rule that owns it.
 */
export const architectureSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/architecture.schema.json',
  $comment: 'Generated from packages/keel/src/architecture/architecture-schema.ts by `npm run schemas:write`.',
  title: 'Keel architecture',
  description:
    'Stage 2 of the Keel journey: the modules the code is split into, the requirement operations each owns, the ' +
    'modules each may import, the external systems and the data flows between them. See docs/architecture.md.',
  type: 'object',
  additionalProperties: false,
  required: ['modules'],
  properties: {
    $schema: { type: 'string', description: 'The schema this file follows, for editors.' },
    modules: {
      type: 'array',
      description: 'The parts of the code, each with one purpose.',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'purpose'],
        properties: {
          name: { ...kebabName, description: 'Lower-case kebab-case, unique among modules and external systems.' },
          purpose: { type: 'string', minLength: 1, description: 'One sentence: what the module is responsible for.' },
          owns: nameList('Requirement operation ids (`R-BOOK-1`) this module realises; each is owned by one module.'),
          dependsOn: nameList('The modules whose code this module may import.'),
          paths: {
            ...nameList('Folders or files of the module, relative to the project root (default: `src/<name>`).'),
            minItems: 1,
          },
          operations: nameList('Contract operation ids this module serves (filled in at the contract stage).'),
          tables: nameList('Database tables this module owns (filled in at the data-model stage).'),
        },
      },
    },
    externalSystems: {
      type: 'array',
      description: 'Systems outside the service that it exchanges data with.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'purpose'],
        properties: {
          name: { ...kebabName, description: 'Lower-case kebab-case, unique among modules and external systems.' },
          purpose: { type: 'string', minLength: 1, description: 'What the service uses it for.' },
        },
      },
    },
    flows: {
      type: 'array',
      description: 'Data moving between modules and external systems, drawn in the diagram.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'data'],
        properties: {
          from: { type: 'string', minLength: 1, description: 'A module or an external system.' },
          to: { type: 'string', minLength: 1, description: 'A module or an external system.' },
          data: { type: 'string', minLength: 1, description: 'What moves, e.g. `booking confirmations`.' },
        },
      },
    },
  },
} as const;
