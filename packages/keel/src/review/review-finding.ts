import type { Location, Severity } from '../journey/finding.ts';

/** How much a review finding matters, from the most to the least; `blocker` and `high` fail the review by default. */
export const reviewSeverities = ['blocker', 'high', 'medium', 'low', 'info'] as const;
export type ReviewSeverity = (typeof reviewSeverities)[number];

export function isReviewSeverity(value: unknown): value is ReviewSeverity {
  return (reviewSeverities as readonly unknown[]).includes(value);
}

/** Whether `severity` is at least as bad as `threshold`. */
export function atLeast(severity: ReviewSeverity, threshold: ReviewSeverity): boolean {
  return reviewSeverities.indexOf(severity) <= reviewSeverities.indexOf(threshold);
}

/** The journey's three levels, for SARIF and evidence: blocker and high are errors, medium and low warnings. */
export function journeySeverity(severity: ReviewSeverity): Severity {
  if (atLeast(severity, 'high')) return 'error';
  return severity === 'info' ? 'info' : 'warning';
}

/** Which check produced a finding. */
export type ReviewSource =
  | 'typescript'
  | 'eslint'
  | 'keel-plugin'
  | 'contract'
  | 'model'
  | 'access'
  | 'architecture'
  | 'secrets'
  | 'dependencies'
  | 'review';

/**
 * One finding of a review: a rule, how bad it is, where, why and what to do.
 *
 * @example
 * { rule: 'review/raw-sql-interpolation', severity: 'blocker', source: 'keel-plugin', location: { file: 'src/a.ts', line: 4, column: 5 },
 *   message: 'SQL built from request data …', fix: 'Bind values as parameters …', introduced: true }
 */
export interface ReviewFinding {
  readonly rule: string;
  readonly severity: ReviewSeverity;
  readonly source: ReviewSource;
  readonly message: string;
  readonly fix: string;
  readonly location: Location;
  /** Whether the change introduced it (on a line it added, or absent from the base); false only with --all. */
  readonly introduced: boolean;
  /** Set when keel.yaml re-levelled the rule: its own severity and the written reason. */
  readonly override?: { readonly from: ReviewSeverity; readonly reason: string };
}

export type ReviewCounts = Record<ReviewSeverity, number>;

export function countReviewFindings(findings: readonly ReviewFinding[]): ReviewCounts {
  const counts: ReviewCounts = { blocker: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** Worst first; then by file, line, column and rule, so that output is stable. */
export function compareReviewFindings(a: ReviewFinding, b: ReviewFinding): number {
  return (
    reviewSeverities.indexOf(a.severity) - reviewSeverities.indexOf(b.severity) ||
    a.location.file.localeCompare(b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}
