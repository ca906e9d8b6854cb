const idList = (description: string) =>
  ({ type: 'array', description, uniqueItems: true, items: { type: 'string', minLength: 1 } }) as const;

/**
 * The JSON Schema (draft 2020-12) of a decision record's front matter, the YAML between the leading `---` lines of
 * `decisions/NNNN-title.md`. Unknown keys are refused so that a misspelt `supercedes` is not silently ignored.
 */
export const decisionFrontMatterSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/decision.schema.json',
  title: 'Keel decision record front matter',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'status', 'topics'],
  properties: {
    id: { type: 'string', pattern: '^ADR-[0-9]{4,}$', description: '`ADR-` and the number of the file name.' },
    title: { type: 'string', minLength: 1, description: 'What was decided, in one line.' },
    status: { enum: ['proposed', 'accepted', 'superseded', 'rejected'] },
    topics: {
      ...idList('What the decision is about: persistence, tenancy, authentication, api-versioning, …'),
      minItems: 1,
      items: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
    },
    requirements: idList('Requirement ids the decision addresses.'),
    supersedes: {
      ...idList('Ids of the decisions this one replaces.'),
      items: { type: 'string', pattern: '^ADR-[0-9]{4,}$' },
    },
    date: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'When it was decided.' },
  },
} as const;
