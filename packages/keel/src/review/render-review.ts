import { formatLocation, type Finding } from '../journey/finding.ts';
import { toSarif, type SarifLog } from '../journey/sarif.ts';
import { journeySeverity, reviewSeverities, type ReviewFinding } from './review-finding.ts';
import { reviewStage } from './review-stage.ts';
import type { ReviewReport } from './run-review.ts';

export interface ReviewStyle {
  readonly bad: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly ok: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

function headline(report: ReviewReport): string {
  const head =
    report.head === 'working tree' ? 'the working tree' : `${report.head.ref} (${report.head.commit.slice(0, 12)})`;
  const base =
    report.base === undefined
      ? 'no base'
      : `${report.base.ref} (${report.base.commit.slice(0, 12)}, ${report.base.how})`;
  return report.all ? `every file of the project; base ${base}` : `${head} against ${base}`;
}

function tally(report: ReviewReport): string {
  const parts = reviewSeverities
    .filter((severity) => report.counts[severity] > 0)
    .map((severity) => `${report.counts[severity]} ${severity}`);
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}

/** The review for a terminal: the worst first, each with rule, file:line, explanation and fix. */
export function renderReviewText(report: ReviewReport, style: ReviewStyle): string {
  const colour = (severity: ReviewFinding['severity']): ((text: string) => string) =>
    severity === 'blocker' || severity === 'high' ? style.bad : severity === 'info' ? style.dim : style.warn;
  const lines = [
    `keel review: ${headline(report)}`,
    style.dim(`${report.files.length} files changed; ${report.checks.join('; ')}`),
    '',
  ];
  for (const finding of report.findings) {
    lines.push(
      `${colour(finding.severity)(finding.severity.padEnd(7))} ${style.bold(finding.rule)}  ${formatLocation(finding.location)}${finding.introduced ? '' : style.dim(' (already in the base)')}`,
      `        ${finding.message}`,
      `        ${style.dim('fix:')} ${finding.fix}`,
    );
    if (finding.override !== undefined)
      lines.push(`        ${style.dim(`re-levelled from ${finding.override.from}: ${finding.override.reason}`)}`);
  }
  for (const note of report.notes) lines.push(style.dim(`note: ${note}`));
  if (report.findings.length > 0 || report.notes.length > 0) lines.push('');
  const verdict = report.ok ? style.ok('✔ review passed') : style.bad('✖ review failed');
  lines.push(`${verdict}: ${tally(report)}${report.failOn === 'never' ? '' : ` (fails on ${report.failOn} or worse)`}`);
  return lines.join('\n') + '\n';
}

/** The review as a pull-request comment. */
export function renderReviewMarkdown(report: ReviewReport): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [
    `## keel review: ${report.ok ? 'passed' : 'failed'}`,
    '',
    `${headline(report)}. ${report.files.length} files changed; ${tally(report)}${report.failOn === 'never' ? '' : `; fails on ${report.failOn} or worse`}.`,
    '',
  ];
  if (report.findings.length > 0) {
    lines.push('| severity | rule | where | finding | fix |', '| --- | --- | --- | --- | --- |');
    for (const finding of report.findings) {
      lines.push(
        `| **${finding.severity}** | \`${finding.rule}\` | \`${cell(formatLocation(finding.location))}\` | ${cell(finding.message)}${finding.override === undefined ? '' : ` _(re-levelled from ${finding.override.from}: ${cell(finding.override.reason)})_`} | ${cell(finding.fix)} |`,
      );
    }
    lines.push('');
  }
  if (report.notes.length > 0) lines.push(...report.notes.map((note) => `> ${note}`), '');
  lines.push(`<sub>Checks: ${report.checks.join('; ')}</sub>`, '');
  return lines.join('\n');
}

/** The review as SARIF 2.1.0 (the journey's writer), each result carrying its review severity and whether it is new. */
export function reviewSarif(report: ReviewReport, rootUri: string): SarifLog {
  const findings: Finding[] = report.findings.map((finding) => ({
    rule: finding.rule,
    stage: 'review',
    severity: journeySeverity(finding.severity),
    message: finding.message,
    fix: finding.fix,
    location: finding.location,
  }));
  const log = toSarif(findings, [reviewStage], rootUri);
  return {
    ...log,
    runs: log.runs.map((run) => ({
      ...run,
      results: run.results.map((result, index) => {
        const finding = report.findings[index];
        return finding === undefined
          ? result
          : {
              ...result,
              properties: {
                severity: finding.severity,
                source: finding.source,
                introduced: finding.introduced,
                ...(finding.override === undefined ? {} : { override: finding.override }),
              },
            };
      }),
    })),
  };
}
