import { categoryTitles, type AuditFinding } from './audit-finding.ts';
import { auditRules } from './audit-rules.ts';
import type { AuditRun } from './run-audit.ts';

export type AuditFormat = 'markdown' | 'json' | 'sarif';

export const auditFormats: readonly AuditFormat[] = ['markdown', 'json', 'sarif'];

/** The audit as a Markdown report: a summary, then every finding with its evidence, reproduction and fix. */
export function auditMarkdown(run: AuditRun): string {
  const lines = [
    '# Security audit',
    '',
    `Target: ${run.target}. ${run.requests} requests in ${(run.durationMs / 1000).toFixed(1)} s. ` +
      `Gate: **${run.passed ? 'passed' : 'failed'}** (critical or high findings fail it).`,
    '',
  ];
  if (run.findings.length === 0) lines.push('No findings.', '');
  for (const finding of run.findings) lines.push(...findingMarkdown(finding));
  if (run.notes.length > 0) lines.push('## Not probed', '', ...run.notes.map((note) => `- ${note}`), '');
  return lines.join('\n');
}

function findingMarkdown(finding: AuditFinding): string[] {
  const lines = [
    `## ${finding.id} · ${finding.severity} · ${finding.category} ${categoryTitles[finding.category]}`,
    '',
    `**${finding.rule}**${finding.operationId === undefined ? '' : ` on \`${finding.operationId}\``}: ${finding.title}.`,
    '',
    `Where: ${finding.location.file}${finding.location.line === undefined ? '' : `:${finding.location.line}`}`,
    '',
  ];
  if (finding.evidence !== undefined) {
    const { request, response } = finding.evidence;
    lines.push(
      '```http',
      `${request.method} ${request.url}`,
      ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
      ...(request.body === undefined ? [] : ['', request.body]),
      '',
      `HTTP ${response.status}${response.timedOut === true ? ' (no answer within the timeout)' : ''}`,
      ...Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`),
      '',
      response.body,
      '```',
      '',
    );
  }
  if (finding.curl !== undefined) lines.push('Reproduce:', '', '```sh', finding.curl, '```', '');
  lines.push(`Fix: ${finding.fix}`, '');
  return lines;
}

const sarifLevel = { critical: 'error', high: 'error', medium: 'warning', low: 'note' } as const;

/** SARIF 2.1.0 for code-scanning dashboards: one rule per probe, one result per finding. */
export function auditSarif(run: AuditRun, version: string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keel audit',
            version,
            informationUri: 'https://keel.dev/docs/security',
            rules: auditRules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              help: { text: rule.fix },
              properties: { category: rule.category, severity: rule.severity, tags: ['security', rule.category] },
            })),
          },
        },
        results: run.findings.map((finding) => ({
          ruleId: finding.rule,
          level: sarifLevel[finding.severity],
          message: {
            text: `${finding.title}${finding.curl === undefined ? '' : `\nReproduce: ${finding.curl}`}\nFix: ${finding.fix}`,
          },
          partialFingerprints: { keelFinding: finding.id },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.location.file },
                ...(finding.location.line === undefined ? {} : { region: { startLine: finding.location.line } }),
              },
            },
          ],
          properties: { severity: finding.severity, category: finding.category, operationId: finding.operationId },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
