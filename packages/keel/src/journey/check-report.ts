import { keelVersion } from '../version.ts';
import { compareFindings, type Finding, type SeverityCounts } from './finding.ts';
import type { CheckedStage } from './check-stages.ts';
import type { AppliedOverride } from './run-gate.ts';
import type { StageId } from './stage-id.ts';
import { severity, severityCounts as counts } from '../agents/json-output/schema-parts.ts';

/** What `keel check --json` prints; its schema is `checkReportSchema`, published as schemas/check-report.schema.json. */
export interface CheckReport {
  readonly ok: boolean;
  readonly keelVersion: string;
  readonly stages: readonly {
    readonly stage: StageId;
    readonly result: 'passed' | 'failed';
    readonly counts: SeverityCounts;
    readonly rules: number;
    readonly durationMs: number;
    readonly evidence: string;
    readonly overrides: readonly AppliedOverride[];
  }[];
  readonly findings: readonly Finding[];
}

export function checkReport(checked: readonly CheckedStage[], evidencePathOf: (stage: StageId) => string): CheckReport {
  const findings = checked.flatMap(({ result }) => result.findings).sort(compareFindings);
  return {
    ok: checked.every(({ result }) => result.passed),
    keelVersion,
    stages: checked.map(({ result }) => ({
      stage: result.stage,
      result: result.passed ? 'passed' : 'failed',
      counts: result.counts,
      rules: result.ruleCount,
      durationMs: result.durationMs,
      evidence: evidencePathOf(result.stage),
      overrides: result.overrides,
    })),
    findings,
  };
}

const stage = {
  enum: ['requirements', 'architecture', 'contract', 'model', 'access', 'review', 'tests', 'security', 'ship'],
} as const;

/** JSON Schema (2020-12) of `keel check --json`. */
export const checkReportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keel.dev/schemas/check-report.v1.schema.json',
  title: 'keel check --json',
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'keelVersion', 'stages', 'findings'],
  properties: {
    ok: { type: 'boolean', description: 'True when no checked stage has an error finding.' },
    keelVersion: { type: 'string' },
    stages: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stage', 'result', 'counts', 'rules', 'durationMs', 'evidence', 'overrides'],
        properties: {
          stage,
          result: { enum: ['passed', 'failed'] },
          counts,
          rules: { type: 'integer', minimum: 0, description: 'How many rules the gate ran.' },
          durationMs: { type: 'integer', minimum: 0 },
          evidence: { type: 'string', description: 'Path of the evidence file written, relative to the project.' },
          overrides: {
            type: 'array',
            description: 'Rules keel.yaml re-levels or disables for this stage, with the reason given.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['rule', 'severity', 'reason'],
              properties: {
                rule: { type: 'string' },
                severity: { enum: ['error', 'warning', 'info', 'off'] },
                reason: { type: 'string' },
              },
            },
          },
        },
      },
    },
    findings: {
      type: 'array',
      description: 'Every finding of the checked stages, errors first.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'stage', 'severity', 'message', 'fix', 'location'],
        properties: {
          rule: { type: 'string', pattern: '^[a-z]+/[a-z0-9-]+$' },
          stage,
          severity,
          message: { type: 'string' },
          fix: { type: 'string' },
          location: {
            type: 'object',
            additionalProperties: false,
            required: ['file'],
            properties: {
              file: { type: 'string' },
              line: { type: 'integer', minimum: 1 },
              column: { type: 'integer', minimum: 1 },
            },
          },
          code: { type: 'string', pattern: '^KEEL_[A-Z_]+$' },
          override: {
            type: 'object',
            additionalProperties: false,
            required: ['from', 'reason'],
            properties: { from: severity, reason: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;
