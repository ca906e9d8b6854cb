import type { KeelErrorCode } from '../errors/index.ts';
import type { StageId } from './stage-id.ts';

/** How much a finding matters: an error fails the gate; a warning and an info do not. */
export type Severity = 'error' | 'warning' | 'info';

export const severities: readonly Severity[] = ['error', 'warning', 'info'];

/** Where a finding is, 1-based; a file path relative to the project root. */
export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** What a rule reports: the gate adds the rule's id, stage and (possibly re-levelled) severity. */
export interface Issue {
  readonly message: string;
  readonly at: Location;
  /** Replaces the rule's general fix with one for this occurrence. */
  readonly fix?: string;
}

/** One problem in an artifact, as every report (terminal, JSON, SARIF, evidence) shows it. */
export interface Finding {
  /** `<stage>/<name>`, stable: users re-level and disable rules by it. */
  readonly rule: string;
  readonly stage: StageId;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  readonly location: Location;
  /** Set when the finding stems from an error with a registry code (an artifact that cannot be read). */
  readonly code?: KeelErrorCode;
  /** Set when keel.yaml re-levelled the rule: its own severity and the written reason. */
  readonly override?: { readonly from: Severity; readonly reason: string };
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Errors first, then warnings, then infos; within a severity by file, line and column, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
    a.location.file.localeCompare(b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

/** `file:line:column`, as far as the location knows. */
export function formatLocation(at: Location): string {
  if (at.line === undefined) return at.file;
  return at.column === undefined ? `${at.file}:${at.line}` : `${at.file}:${at.line}:${at.column}`;
}
