import { draft, nonNegativeInteger, schemaId, strings } from './schema-parts.ts';

const headers = { type: 'object', additionalProperties: { type: 'string' } } as const;

const auditFinding = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'rule', 'category', 'severity', 'title', 'fix', 'variant', 'location'],
  properties: {
    id: {
      type: 'string',
      pattern: '^SEC-[0-9a-f]{10}$',
      description: 'Stable across runs; names its regression test.',
    },
    rule: { type: 'string', description: '`security/<probe>`, which --verify and --only re-run.' },
    category: {
      enum: ['API1', 'API2', 'API3', 'API4', 'API5', 'API7', 'API8', 'API9', 'injection', 'static'],
      description: 'The OWASP API Security Top 10 (2023) category, injection, or static (repository checks).',
    },
    severity: { enum: ['critical', 'high', 'medium', 'low'], description: 'critical and high fail the gate.' },
    operationId: { type: 'string' },
    title: { type: 'string' },
    fix: { type: 'string' },
    variant: { type: 'string', description: 'What was varied: a payload, a role, a token trick.' },
    evidence: {
      type: 'object',
      additionalProperties: false,
      required: ['request', 'response'],
      description: 'The exchange, credentials redacted.',
      properties: {
        request: {
          type: 'object',
          additionalProperties: false,
          required: ['method', 'url', 'headers'],
          properties: { method: { type: 'string' }, url: { type: 'string' }, headers, body: { type: 'string' } },
        },
        response: {
          type: 'object',
          additionalProperties: false,
          required: ['status', 'headers', 'body'],
          properties: {
            status: { type: 'integer' },
            headers,
            body: { type: 'string', description: 'Cut to a readable length.' },
            timedOut: { type: 'boolean' },
            ms: nonNegativeInteger,
          },
        },
      },
    },
    curl: { type: 'string', description: 'Repeats the request.' },
    location: {
      type: 'object',
      additionalProperties: false,
      required: ['file'],
      properties: { file: { type: 'string' }, line: { type: 'integer', minimum: 1 } },
    },
  },
} as const;

/** `keel audit --json`. */
export const auditOutputSchema = {
  $schema: draft,
  $id: schemaId('audit'),
  title: 'keel audit --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'stage', 'target', 'requests', 'durationMs', 'findings', 'notes', 'passed', 'phases'],
  properties: {
    ok: { type: 'boolean', description: 'False while a critical or high finding remains.' },
    stage: { const: 'security' },
    target: { type: 'string', description: 'What was attacked: a scratch instance, or the --target URL.' },
    requests: nonNegativeInteger,
    durationMs: nonNegativeInteger,
    findings: { type: 'array', items: auditFinding, description: 'With --verify, the past findings still open.' },
    notes: { ...strings, description: 'What could not be probed, and why.' },
    passed: { type: 'boolean', description: 'Same as ok.' },
    phases: {
      type: 'object',
      additionalProperties: nonNegativeInteger,
      description: 'Milliseconds per phase: the scratch world, each probe family, the repository checks.',
    },
    fixed: { type: 'array', items: auditFinding, description: 'With --verify: past findings now closed.' },
    regressionTests: { ...strings, description: 'Regression tests written into test/security/.' },
  },
} as const;
