import { commonFindings } from './build-playbooks.ts';
import type { Playbook } from './playbook.ts';

/**
 * A playbook as Markdown, the body every agent format shares. `headingLevel` 1 for a file of its own, 2 or 3 inside a
 * longer document; `compact` leaves out the rule list (AGENTS.md lists every stage, and `keel agents show` prints it).
 */
export function renderPlaybook(
  playbook: Playbook,
  options: { readonly headingLevel?: number; readonly compact?: boolean } = {},
): string {
  const level = options.headingLevel ?? 1;
  const h = (depth: number, text: string) => `${'#'.repeat(Math.min(level + depth, 6))} ${text}`;
  const list = (items: readonly string[]) => items.map((item) => `- ${item}`).join('\n');
  const sections: string[] = [h(0, playbook.title), playbook.purpose];
  const produces = playbook.produces.map((path) => (playbook.name === 'journey' ? path : code(path)));
  if (options.compact === true && playbook.name !== 'journey') {
    sections.push(`**Read first:** ${playbook.reads.map(code).join(', ')}. **Produce:** ${produces.join(', ')}.`);
  } else {
    sections.push(h(1, 'Read first'), list(playbook.reads.map(code)), h(1, 'Produce'), list(produces));
  }
  if (playbook.conventions.length > 0) sections.push(h(1, 'Conventions'), list(playbook.conventions));
  if (playbook.rules.length > 0) {
    if (options.compact === true) {
      sections.push(
        h(1, 'What the gate checks'),
        `${String(playbook.rules.length)} rules; \`keel agents show ${playbook.name}\` lists each with what holds when it is quiet.`,
      );
    } else {
      const bySeverity = (severity: string) =>
        playbook.rules.filter((rule) => rule.severity === severity).map((rule) => `\`${rule.id}\`: ${rule.summary}`);
      sections.push(h(1, 'What the gate checks'), 'It fails on any of these:', list(bySeverity('error')));
      const warnings = [...bySeverity('warning'), ...bySeverity('info')];
      if (warnings.length > 0) sections.push('It warns (without failing) when these do not hold:', list(warnings));
    }
  }
  sections.push(
    h(1, 'Prove it'),
    `Run \`${playbook.command}\`${playbook.name === 'journey' || !playbook.available ? '' : ' (add `--json` for structured findings: rule, severity, file, line, fix)'}.`,
    ...(playbook.helpers.length > 0
      ? [list(playbook.helpers.map((helper) => `\`${helper.command}\`: ${helper.use}`))]
      : []),
    h(1, 'When it is done'),
    playbook.done,
  );
  // Compact playbooks sit under the journey's, which says once what every stage's findings have in common.
  const findings =
    options.compact === true && playbook.name !== 'journey'
      ? playbook.findings.filter((finding) => !commonFindings.includes(finding))
      : playbook.findings;
  if (findings.length > 0) {
    sections.push(
      h(1, 'Acting on findings'),
      list(findings.map((finding) => `**${finding.kind}**: ${finding.action}`)),
    );
  }
  return sections.join('\n\n') + '\n';
}

function code(text: string): string {
  const match = /^(\S+)( .*)?$/.exec(text);
  return match === null ? text : `\`${match[1] ?? text}\`${match[2] ?? ''}`;
}
