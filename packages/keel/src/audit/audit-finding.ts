import { createHash } from 'node:crypto';

/** The OWASP API Security Top 10 (2023) category a finding belongs to; injection is its own family. */
export type AuditCategory =
  'API1' | 'API2' | 'API3' | 'API4' | 'API5' | 'API7' | 'API8' | 'API9' | 'injection' | 'static';

export const categoryTitles: Readonly<Record<AuditCategory, string>> = {
  API1: 'Broken object level authorization',
  API2: 'Broken authentication',
  API3: 'Broken object property level authorization',
  API4: 'Unrestricted resource consumption',
  API5: 'Broken function level authorization',
  API7: 'Server-side request forgery',
  API8: 'Security misconfiguration',
  API9: 'Improper inventory management',
  injection: 'Injection',
  static: 'Repository and configuration',
};

/** How bad a finding is; critical and high fail the gate. */
export type AuditSeverity = 'critical' | 'high' | 'medium' | 'low';

export const auditSeverities: readonly AuditSeverity[] = ['critical', 'high', 'medium', 'low'];

export function failsGate(severity: AuditSeverity): boolean {
  return severity === 'critical' || severity === 'high';
}

/** A request as sent, credentials redacted. */
export interface EvidenceRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response as received, the body cut to a readable length. */
export interface EvidenceResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timedOut?: boolean;
  readonly ms?: number;
}

/** One hole the audit found, with everything needed to see it again. */
export interface AuditFinding {
  /** Stable across runs: the rule, the operation and the variant hashed; names the regression test. */
  readonly id: string;
  /** `security/<probe>`: the probe that found it, which `--verify` re-runs. */
  readonly rule: string;
  readonly category: AuditCategory;
  readonly severity: AuditSeverity;
  readonly operationId: string | undefined;
  /** What is wrong, in one sentence. */
  readonly title: string;
  readonly fix: string;
  /** What was varied: a payload, a role, a token trick; part of the id. */
  readonly variant: string;
  readonly evidence: { readonly request: EvidenceRequest; readonly response: EvidenceResponse } | undefined;
  readonly curl: string | undefined;
  /** The file and line the finding points at (the operation in the contract, or the repository file). */
  readonly location: { readonly file: string; readonly line?: number };
}

export function findingId(rule: string, operationId: string | undefined, variant: string): string {
  const digest = createHash('sha256')
    .update(`${rule}\u0000${operationId ?? ''}\u0000${variant}`)
    .digest('hex')
    .slice(0, 10);
  return `SEC-${digest}`;
}

export function compareAuditFindings(a: AuditFinding, b: AuditFinding): number {
  return (
    auditSeverities.indexOf(a.severity) - auditSeverities.indexOf(b.severity) ||
    a.category.localeCompare(b.category) ||
    a.rule.localeCompare(b.rule) ||
    (a.operationId ?? '').localeCompare(b.operationId ?? '') ||
    a.variant.localeCompare(b.variant)
  );
}
