import { draft, finding, location, nonNegativeInteger, schemaId, strings } from './schema-parts.ts';

const count = { oneOf: [{ type: 'null' }, { type: 'number' }] } as const;

/** `keel test --json`. `run` and `mutation` are open objects: the tests stage may add fields to them. */
export const testOutputSchema = {
  $schema: draft,
  $id: schemaId('test'),
  title: 'keel test --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'stage', 'evidence', 'findings', 'saved'],
  properties: {
    ok: { type: 'boolean', description: 'True when the tests gate passed.' },
    stage: { const: 'tests' },
    evidence: { type: 'string', description: 'The evidence file written, relative to the project.' },
    findings: { type: 'array', items: finding },
    saved: { ...strings, description: 'Regression tests written by --save-failures.' },
    run: {
      type: 'object',
      description: 'What ran; absent when the gate could not start (its findings say why).',
      required: ['settings', 'project', 'generated', 'criteria'],
      properties: {
        settings: {
          type: 'object',
          required: ['seed', 'runs'],
          properties: { seed: nonNegativeInteger, runs: nonNegativeInteger },
        },
        project: {
          type: 'object',
          required: ['files', 'results'],
          properties: {
            files: { ...strings, description: "The project's test files." },
            results: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'outcome'],
                properties: {
                  name: { type: 'string' },
                  file: { type: 'string' },
                  line: { type: 'integer', minimum: 1 },
                  outcome: { type: 'string', description: 'passed, failed, skipped or todo.' },
                  suite: { type: 'boolean', description: 'A describe block rather than a test.' },
                },
              },
            },
          },
        },
        generated: {
          type: 'object',
          required: ['requests', 'accepted', 'durationMs', 'operations', 'failures'],
          description: "Keel's generated conformance and stateful suites.",
          properties: {
            requests: nonNegativeInteger,
            accepted: { ...nonNegativeInteger, description: 'Valid requests answered 2xx.' },
            durationMs: nonNegativeInteger,
            operations: nonNegativeInteger,
            failures: {
              type: 'array',
              items: {
                type: 'object',
                required: ['rule', 'operationId', 'message', 'status', 'curl', 'request'],
                properties: {
                  rule: { type: 'string' },
                  operationId: { type: 'string' },
                  message: { type: 'string' },
                  status: { type: 'integer' },
                  curl: { type: 'string', description: 'Repeats the case against `keel serve`.' },
                  request: { type: 'object' },
                },
              },
            },
            unavailableRoles: {
              type: 'array',
              items: {
                type: 'object',
                required: ['role', 'reason'],
                properties: { role: { type: 'string' }, reason: { type: 'string' } },
              },
            },
            skipped: { type: 'string', description: 'Why the generated suites did not run.' },
          },
        },
        criteria: {
          type: 'array',
          description: 'Each acceptance criterion and the tests that prove it.',
          items: {
            type: 'object',
            required: ['id', 'status', 'tests'],
            properties: {
              id: { type: 'string' },
              operation: { type: 'string' },
              at: location,
              status: { enum: ['passed', 'failed', 'untested'] },
              tests: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name'],
                  properties: { name: { type: 'string' }, file: { type: 'string' }, outcome: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    mutation: {
      description:
        'With --mutation: the mutation run (.keel/mutation/result.json). An open object; each figure a number, or null when not measured.',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            score: { ...count, description: 'Detected (killed or timed out) over valid mutants, in percent.' },
            threshold: { ...count, description: "keel.yaml's tests.mutation.threshold, when set." },
            counts: {
              type: 'object',
              properties: {
                killed: count,
                survived: count,
                noCoverage: count,
                timeout: count,
                errors: count,
                total: count,
              },
            },
            durationMs: count,
            undetected: {
              type: 'array',
              description: 'Mutants no test noticed: file, line, column, mutator, original, replacement, status.',
              items: { type: 'object' },
            },
          },
        },
      ],
    },
  },
} as const;
