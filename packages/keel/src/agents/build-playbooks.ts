import { KeelError } from '../errors/index.ts';
import { stageRules } from '../journey/run-gate.ts';
import type { Stage } from '../journey/stage.ts';
import { stageIds, type StageId } from '../journey/stage-id.ts';
import type { Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';
import type { FindingAction, Playbook } from './playbook.ts';
import { stageGuides, type StageGuide } from './stage-guides.ts';

/** What every stage's playbook says about findings, before the stage's own kinds. */
export const commonFindings: readonly FindingAction[] = [
  {
    kind: 'error',
    action:
      'The gate fails while one remains. Open the file at the line given, apply the `fix`, and run the command again. Fix every error in one pass: the gate reports them all.',
  },
  { kind: 'warning', action: 'Fix it unless the human decides otherwise; it does not fail the gate.' },
  { kind: 'info', action: 'Read it; act when it points at something you changed.' },
  {
    kind: 'finding with a KEEL_… code (an artifact that cannot be read)',
    action: 'Fix the syntax or the missing file first: nothing else of the stage is checked until it parses.',
  },
  {
    kind: 'stale stage (in `keel status`)',
    action: 'An input or an upstream stage changed since the last check: run the command again.',
  },
  {
    kind: 'a rule you believe is wrong here',
    action:
      'Say so to the human. Only they re-level or disable a rule, in keel.yaml under `rules:`, with a written reason; never do it to make the gate pass.',
  },
];

/** The journey overview and one playbook per stage, in journey order, from the registry and the project's paths. */
export function buildPlaybooks(project: Project, stages: readonly Stage[]): Playbook[] {
  const byId = new Map(stages.map((stage) => [stage.id, stage]));
  const playbooks = stageGuides.map((guide) => stagePlaybook(project, guide, byId));
  return [journeyPlaybook(playbooks), ...playbooks];
}

/** One playbook by name (`journey` or a stage); an unknown name is a KeelError that lists the names. */
export function findPlaybook(playbooks: readonly Playbook[], name: string): Playbook {
  const playbook = playbooks.find((candidate) => candidate.name === name.toLowerCase());
  if (playbook === undefined) {
    throw new KeelError('KEEL_PLAYBOOK_UNKNOWN', `there is no playbook named ${name}`, {
      fix: `Use one of: ${playbooks.map((candidate) => candidate.name).join(', ')}.`,
      extensions: { playbooks: playbooks.map((candidate) => candidate.name) },
    });
  }
  return playbook;
}

function stagePlaybook(project: Project, guide: StageGuide, stages: ReadonlyMap<StageId, Stage>): Playbook {
  const stage = stages.get(guide.stage);
  const paths = guide.paths(project.config);
  const upstream = upstreamOf(guide.stage, stages);
  const reads = [
    ...new Set([
      ...(guide.alsoReads ?? []),
      ...upstream.flatMap((id) => {
        const upstreamStage = stages.get(id);
        const upstreamGuide = stageGuides.find((candidate) => candidate.stage === id);
        return upstreamStage?.artifacts(project) ?? upstreamGuide?.paths(project.config).produces ?? [];
      }),
    ]),
  ];
  const rules =
    stage === undefined
      ? []
      : stageRules(stage)
          .filter((rule) => !rule.id.endsWith('/missing-artifact'))
          .map((rule) => ({ id: rule.id, severity: rule.severity, summary: rule.summary }));
  const available = stage !== undefined;
  return {
    name: guide.stage,
    title: `Keel stage ${String(stageIds.indexOf(guide.stage) + 1)} of 9: ${guide.title}`,
    description: `${stage?.summary ?? firstSentence(guide.purpose)} ${guide.useWhen} Done only when \`${guide.command}\` passes.`,
    purpose: guide.purpose,
    reads,
    produces: stage === undefined ? paths.produces : [...new Set([...stage.artifacts(project), ...paths.produces])],
    conventions: guide.conventions,
    rules,
    command: guide.command,
    helpers: guide.helpers,
    done: available
      ? `The stage is done only when \`${guide.command}\` exits 0 and \`keel status --json\` shows this stage as "passing"${guide.command === `keel check ${guide.stage}` ? '' : ` (\`keel check ${guide.stage}\` records its evidence)`}. Your own judgement that it is finished does not count: run the command and quote its result.`
      : `Keel ${keelVersion} records no evidence for this stage yet, so \`keel status\` shows it as not started. If \`keel --help\` lists \`${guide.command.split(' ').slice(0, 2).join(' ')}\`, the stage is done only when \`${guide.command}\` exits 0: run it and quote its result. If it does not, do the work as described, say that the command is not available in this Keel, and never report the stage as passed.`,
    findings: [...commonFindings, ...guide.findings],
    appliesTo: stage === undefined ? paths.appliesTo : [...new Set([...stage.inputs(project), ...paths.appliesTo])],
    available,
  };
}

/** Every stage the given one builds on, nearest first, for stages whose gate may not exist yet. */
function upstreamOf(id: StageId, stages: ReadonlyMap<StageId, Stage>): StageId[] {
  const declared = stages.get(id)?.dependsOn;
  if (declared !== undefined) return [...declared];
  // A stage without a gate in this Keel builds on every stage before it.
  return stageIds.slice(0, stageIds.indexOf(id)).filter((earlier) => earlier !== 'review');
}

function journeyPlaybook(stagePlaybooks: readonly Playbook[]): Playbook {
  return {
    name: 'journey',
    title: 'The Keel journey',
    description:
      'How to carry this Keel backend from a requirement to a running service in nine checked stages, and which stage to work on next. Use at the start of any task in this project, and whenever you are about to say that work is done.',
    purpose:
      'Keel carries this HTTP API from written requirements to a running, monitored service in nine stages, in order: each stage’s artifact feeds the next, and each has a gate, a command that checks it and writes evidence. The gates decide when a stage is done, not you: never claim a stage is finished until its command passes.',
    reads: ['keel.yaml', '.keel/evidence/<stage>.json (written by the gates; never edit it)'],
    produces: stagePlaybooks.map((playbook) => `${playbook.name}: ${playbook.produces.join(', ')}`),
    conventions: [
      'Start every task with `keel status`: it shows each stage (passing, failing, stale, not started) and the one next step.',
      'Work on the first stage that is not passing before any later one: a change upstream makes the stages after it stale.',
      'Trace before you change: `keel trace <ID>` shows what a requirement, rule or module feeds.',
      'Never edit .keel/evidence by hand and never re-level or disable a rule to get past a gate; ask the human.',
      ...stagePlaybooks.map(
        (playbook) =>
          `${playbook.title.replace(/^Keel stage /, 'Stage ')}: \`${playbook.command}\`${playbook.available ? '' : ' (not in this Keel yet)'}: ${firstSentence(playbook.purpose)}`,
      ),
    ],
    rules: [],
    command: 'keel status',
    helpers: [
      { command: 'keel check', use: 'run every gate this Keel has, in order' },
      { command: 'keel journey', use: 'every gate in order with progress, then the report' },
      { command: 'keel trace <ID>', use: 'an identifier’s chain through the artifacts' },
      { command: 'keel mcp', use: 'the same tools over the Model Context Protocol' },
    ],
    done: 'Work is done only when `keel status` shows every stage the change touched as passing. Quote its output.',
    findings: commonFindings,
    appliesTo: ['**'],
    available: true,
  };
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1).replace(/:$/, '.');
}
