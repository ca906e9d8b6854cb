/**
 * The JSON Schema (draft 2020-12) of `requirements.yaml`, published as `packages/keel/schemas/requirements.schema.json`
 * (`npm run schemas:write`). It checks shape only: id formats, units, empty clauses, vague wording and references are the
 * gate's own rules, so ids are plain strings, clauses may be empty and measures may be anything here, and each problem
 * is reported once, by the rule that owns it.
 */
export const requirementsSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/requirements.schema.json',
  $comment: 'Generated from packages/keel/src/requirements/requirements-schema.ts by `npm run schemas:write`.',
  title: 'Keel requirements',
  description:
    'Stage 1 of the Keel journey: what the service is for, who uses it, what each actor does with it, the business ' +
    'rules it obeys, how each operation is proven and the numbers it must meet. See docs/requirements.md.',
  type: 'object',
  additionalProperties: false,
  required: ['service', 'actors', 'operations'],
  properties: {
    $schema: { type: 'string', description: 'The schema this file follows, for editors.' },
    service: {
      type: 'object',
      description: 'The service these requirements describe.',
      additionalProperties: false,
      required: ['name', 'purpose'],
      properties: {
        name: { type: 'string', minLength: 1, description: 'The name of the service, e.g. `bookings`.' },
        purpose: {
          type: 'string',
          minLength: 1,
          description: 'One or two sentences: what the service lets its users do.',
        },
      },
    },
    actors: {
      type: 'array',
      description: 'Who uses the service: people, roles and other systems.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description'],
        properties: {
          id: { type: 'string', description: 'Lower-case kebab-case, e.g. `member` or `billing-system`.' },
          description: { type: 'string', minLength: 1, description: 'Who this actor is and why they use the service.' },
        },
      },
    },
    operations: {
      type: 'array',
      description: 'What each actor does with the service. Every later stage cites these ids.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'actor', 'summary'],
        properties: {
          id: {
            type: 'string',
            description: '`R-<AREA>-<n>`: an upper-case area and a number, e.g. `R-BOOK-1`. Never reused.',
          },
          actor: { type: 'string', description: 'The id of the actor who performs the operation.' },
          summary: { type: 'string', minLength: 1, description: 'One sentence: what the actor does.' },
          rules: {
            type: 'array',
            description: 'Ids of the business rules (`BR-…`) this operation must obey.',
            items: { type: 'string' },
          },
          acceptance: {
            type: 'array',
            description: 'Acceptance criteria in given/when/then form; each becomes a test.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id'],
              properties: {
                id: {
                  type: 'string',
                  description: '`AC-<AREA>-<n>-<m>`: criterion m of `R-<AREA>-<n>`, e.g. `AC-BOOK-1-2`.',
                },
                given: { type: ['string', 'null'], description: 'The state before the action, concretely.' },
                when: { type: ['string', 'null'], description: 'The one action the actor takes.' },
                then: { type: ['string', 'null'], description: 'The observable outcome a test can check.' },
                rules: {
                  type: 'array',
                  description: 'Ids of the business rules (`BR-…`) this criterion exercises.',
                  items: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
    rules: {
      type: 'array',
      description: 'Business rules: what must always hold, whichever operation runs.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'statement'],
        properties: {
          id: { type: 'string', description: '`BR-<AREA>-<n>`, e.g. `BR-BOOK-1`.' },
          statement: {
            type: 'string',
            minLength: 1,
            description: 'What always holds, in words a test can check.',
          },
        },
      },
    },
    nonFunctional: {
      type: 'array',
      description: 'Measurable targets: each measure is a number with a unit, e.g. `150 ms`.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'kind'],
        properties: {
          id: { type: 'string', description: '`NFR-<AREA>-<n>`, e.g. `NFR-LAT-1`.' },
          kind: {
            enum: ['latency', 'availability', 'throughput', 'retention', 'payload', 'rate-limit'],
            description: 'What is measured; it decides which measures and units apply (see docs/requirements.md).',
          },
          operation: {
            type: 'string',
            description: 'The operation (`R-…`) this target constrains; required for latency.',
          },
          p50: { $ref: '#/$defs/measure', description: 'Latency: median response time, e.g. `50 ms`.' },
          p90: { $ref: '#/$defs/measure', description: 'Latency: 90th percentile, e.g. `100 ms`.' },
          p95: { $ref: '#/$defs/measure', description: 'Latency: 95th percentile, e.g. `150 ms`.' },
          p99: { $ref: '#/$defs/measure', description: 'Latency: 99th percentile, e.g. `400 ms`.' },
          p999: { $ref: '#/$defs/measure', description: 'Latency: 99.9th percentile, e.g. `1 s`.' },
          max: { $ref: '#/$defs/measure', description: 'Latency: the slowest acceptable response, e.g. `2 s`.' },
          target: {
            $ref: '#/$defs/measure',
            description:
              'The target: availability `99.9 %`, throughput `200 req/s`, retention `30 days`, payload `1 MB`, ' +
              'rate limit `100 req/min`.',
          },
          peak: { $ref: '#/$defs/measure', description: 'Throughput: the peak to sustain, e.g. `500 req/s`.' },
          request: { $ref: '#/$defs/measure', description: 'Payload: largest request body, e.g. `1 MB`.' },
          response: { $ref: '#/$defs/measure', description: 'Payload: largest response body, e.g. `5 MB`.' },
          burst: { $ref: '#/$defs/measure', description: 'Rate limit: the short burst allowed, e.g. `20 req/s`.' },
        },
        if: { properties: { kind: { const: 'latency' } }, required: ['kind'] },
        then: {
          description: 'A latency target is per operation: name it, e.g. `operation: R-BOOK-1`.',
          required: ['operation'],
        },
      },
    },
    outOfScope: {
      type: 'array',
      description: 'What the service deliberately does not do.',
      items: { type: 'string', minLength: 1 },
    },
  },
  $defs: {
    measure: {
      description: 'A number and a unit: `150 ms`, or `{ value: 150, unit: ms }`.',
      properties: {
        value: { description: 'The number, e.g. `150`.' },
        unit: { description: 'The unit, e.g. `ms`, `%`, `req/s`, `days`, `MB`.' },
      },
    },
  },
} as const;
