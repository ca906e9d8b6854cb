import { stageRules } from './run-gate.ts';
import type { Stage } from './stage.ts';
import { stageIds } from './stage-id.ts';

/**
 * The Markdown of `docs/rules.md`: every rule of every stage's gate, generated from the stages themselves so the
 * reference never drifts from what `keel check` runs.
 */
export function renderRuleDocs(stages: readonly Stage[]): string {
  const sections = stages.flatMap((stage) => {
    const rules = stageRules(stage);
    return [
      `## ${stageIds.indexOf(stage.id) + 1}. ${stage.title} (\`keel check ${stage.id}\`)`,
      '',
      `${stage.summary} ${rules.length} rules.`,
      '',
      ...rules.flatMap((rule) => [
        `### ${rule.id}`,
        '',
        `**${rule.severity}**: ${rule.summary}`,
        '',
        `Fix: ${rule.fix}`,
        '',
      ]),
    ];
  });
  return [
    '<!-- Generated from the stages of packages/keel/src/journey/registry.ts by `npm run docs:rules`. Do not edit. -->',
    '',
    '# Rules',
    '',
    'Every finding of a gate names its rule. A rule id is `<stage>/<name>` and never changes meaning; a retired id is',
    'never reused. An `error` fails the gate; a `warning` and an `info` are reported and do not. A project re-levels or',
    'turns off a rule in keel.yaml, with a reason that every report shows:',
    '',
    '```yaml',
    'rules:',
    '  requirements/vague-wording:',
    '    severity: warning # error | warning | info | off',
    '    reason: Our glossary defines "promptly" as within five minutes.',
    '```',
    '',
    ...stages.map((stage) => `- [${stage.title}](#${anchorOf(stage)}): ${stageRules(stage).length} rules`),
    '',
    ...sections,
  ].join('\n');
}

/** GitHub's anchor for a stage's heading. */
function anchorOf(stage: Stage): string {
  const heading = `${stageIds.indexOf(stage.id) + 1}. ${stage.title} (keel check ${stage.id})`;
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}
