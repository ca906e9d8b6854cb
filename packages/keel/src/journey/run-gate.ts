import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isKeelError, KeelError, type KeelErrorCode } from '../errors/index.ts';
import type { Project, RuleOverride } from '../project/index.ts';
import { createCheckContext } from './check-context.ts';
import { compareFindings, countBySeverity, type Finding, type Issue, type SeverityCounts } from './finding.ts';
import { hashInputs } from './input-files.ts';
import type { CheckContext, CheckOptions, LoaderRule, Stage } from './stage.ts';
import type { StageId } from './stage-id.ts';

/** The outcome of one stage's gate. */
export interface GateResult {
  readonly stage: StageId;
  readonly passed: boolean;
  /** Every finding, sorted by severity; disabled rules' findings are left out. */
  readonly findings: readonly Finding[];
  readonly counts: SeverityCounts;
  /** The project's re-levelled or disabled rules of this stage, with their reasons. */
  readonly overrides: readonly AppliedOverride[];
  /** How many rules ran. */
  readonly ruleCount: number;
  /** Content hashes of the files the gate read. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly startedAt: Date;
  readonly durationMs: number;
}

export interface AppliedOverride extends RuleOverride {
  readonly rule: string;
}

/** Rules every stage has, reported by the runner itself. */
export function runnerRules(stage: Stage): readonly LoaderRule[] {
  return [
    {
      id: `${stage.id}/missing-artifact`,
      severity: 'error',
      summary: `The ${stage.title} artifact exists.`,
      fix: stage.start,
    },
    {
      id: `${stage.id}/unreadable-artifact`,
      severity: 'error',
      summary: `The ${stage.title} artifact can be read and parsed.`,
      fix: 'Correct the file at the line and column given.',
    },
  ];
}

/** Every rule id a stage can report, for overrides, SARIF rule lists and documentation. */
export function stageRules(stage: Stage): readonly LoaderRule[] {
  return [...runnerRules(stage), ...stage.loaderRules, ...stage.rules];
}

/**
 * Runs the gates of the given stages in order, with one shared context so that a model several stages read is loaded
 * once. Findings are collected, never thrown: only a broken keel.yaml or a bug stops the run.
 */
export async function runGates(
  project: Project,
  stages: readonly Stage[],
  allStages: readonly Stage[] = stages,
  options: CheckOptions = {},
): Promise<GateResult[]> {
  const context = createCheckContext(project, options);
  await assertOverridesKnown(project, allStages, context);
  const results: GateResult[] = [];
  for (const stage of stages) results.push(await runGate(stage, context));
  return results;
}

async function runGate(stage: Stage, context: ReturnType<typeof createCheckContext>): Promise<GateResult> {
  const startedAt = new Date();
  const started = performance.now();
  const { project } = context;
  const issues: { rule: string; issue: Issue; code?: KeelErrorCode }[] = [];
  const outputs: Record<string, string> = {};
  const missing = stage.artifacts(project).filter((path) => !existsSync(resolve(project.root, path)));
  if (missing.length > 0) {
    for (const path of missing) {
      issues.push({
        rule: `${stage.id}/missing-artifact`,
        issue: { message: `${path} does not exist`, at: { file: path } },
      });
    }
  } else {
    try {
      const loaded = await context.loaded(stage);
      for (const { rule, ...issue } of loaded.issues) issues.push({ rule, issue });
      const model = loaded.model;
      if (model !== undefined) {
        for (const rule of stage.rules) {
          for (const issue of await rule.run(model, context)) issues.push({ rule: rule.id, issue });
        }
        Object.assign(outputs, stage.outputs?.(model) ?? {});
      }
    } catch (error) {
      if (!isKeelError(error)) throw error;
      issues.push({
        rule: `${stage.id}/unreadable-artifact`,
        issue: {
          message: error.message,
          at: error.location ?? { file: stage.artifacts(project)[0] ?? '.' },
          fix: error.fix,
        },
        code: error.code,
      });
    }
  }
  const rules = new Map(stageRules(stage).map((rule) => [rule.id, rule]));
  const overrides = project.config.rules;
  const findings: Finding[] = [];
  for (const { rule: ruleId, issue, code } of issues) {
    const rule = rules.get(ruleId);
    if (rule === undefined) throw new Error(`stage ${stage.id} reported an undeclared rule ${ruleId}`);
    const override = overrides[ruleId];
    if (override?.severity === 'off') continue;
    findings.push({
      rule: ruleId,
      stage: stage.id,
      severity: override?.severity ?? rule.severity,
      message: issue.message,
      fix: issue.fix ?? rule.fix,
      location: issue.at,
      ...(code === undefined ? {} : { code }),
      ...(override === undefined ? {} : { override: { from: rule.severity, reason: override.reason } }),
    });
  }
  findings.sort(compareFindings);
  const counts = countBySeverity(findings);
  return {
    stage: stage.id,
    passed: counts.error === 0,
    findings,
    counts,
    overrides: Object.entries(overrides)
      .filter(([rule]) => rules.has(rule))
      .map(([rule, override]) => ({ rule, ...override })),
    ruleCount: rules.size,
    inputs: await hashInputs(project.root, stage.inputs(project)),
    outputs,
    startedAt,
    durationMs: Math.round(performance.now() - started),
  };
}

async function assertOverridesKnown(project: Project, stages: readonly Stage[], context: CheckContext): Promise<void> {
  const known = new Set(stages.flatMap((stage) => stageRules(stage).map((rule) => rule.id)));
  for (const rule of Object.keys(project.config.rules)) {
    if (known.has(rule)) continue;
    const source = await context.source('keel.yaml');
    const at = source.locate(`/rules/${rule.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    throw new KeelError('KEEL_CONFIG_INVALID', `keel.yaml:${at.line}:${at.column}: rules: no rule is named ${rule}`, {
      location: { file: 'keel.yaml', line: at.line, column: at.column },
      fix: 'Use a rule id as reports print it (`keel check --json` lists them), or remove the entry.',
    });
  }
}
