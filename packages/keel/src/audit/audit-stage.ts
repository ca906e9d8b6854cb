import { accessStage } from '../access/access-stage.ts';
import { contractForStage } from '../contract/stage-contract.ts';
import type { Severity } from '../journey/finding.ts';
import { derivedRule, type CheckContext, type Rule, type Stage } from '../journey/stage.ts';
import type { AuditSeverity } from './audit-finding.ts';
import type { AuditCheckOptions, SecurityModel } from './audit-model.ts';
import { auditRules } from './audit-rules.ts';
import { auditMarkdown } from './render-audit.ts';
import { runAudit, type AuditRun } from './run-audit.ts';
import { runTargetAudit } from './target-world.ts';

const runs = new WeakMap<SecurityModel, Promise<AuditRun>>();
const finished = new WeakMap<SecurityModel, AuditRun>();

/** The one audit a gate's rules share (and `keel audit` reports). */
export function auditRunOf(model: SecurityModel, context: CheckContext): Promise<AuditRun | undefined> {
  if (model.contract === undefined) return Promise.resolve(undefined);
  let run = runs.get(model);
  if (run === undefined) {
    const options = context.options as AuditCheckOptions;
    const settings = {
      seed: options.seed ?? 1,
      databaseUrl: options.databaseUrl,
      ...(options.only === undefined ? {} : { only: new Set(options.only) }),
    };
    run =
      options.target === undefined
        ? runAudit(model.project, model.contract, model.access, settings)
        : runTargetAudit(model.project, model.contract, model.access, settings, options.target, options.credentials);
    runs.set(model, run);
    void run.then((done) => finished.set(model, done)).catch(() => undefined);
  }
  return run;
}

export function finishedAuditOf(model: SecurityModel): AuditRun | undefined {
  return finished.get(model);
}

const gateSeverity: Readonly<Record<AuditSeverity, Severity>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

const securityRules: readonly Rule<SecurityModel>[] = auditRules.map((rule) =>
  derivedRule<SecurityModel, AuditRun>(
    { id: rule.id, severity: gateSeverity[rule.severity], summary: rule.summary, fix: rule.fix },
    auditRunOf,
    (run) =>
      run.findings
        .filter((finding) => finding.rule === rule.id)
        .map((finding) => ({
          message: `${finding.id} ${finding.category}${finding.operationId === undefined ? '' : ` ${finding.operationId}`}: ${finding.title}${finding.curl === undefined ? '' : `\n  reproduce: ${finding.curl}`}`,
          at: finding.location,
          fix: finding.fix,
        })),
  ),
);

/**
 * Stage 8, security: the project attacked on a scratch database (or a running `--target`) with two tenants and every
 * role: OWASP API Top 10 probes, the JWT battery, injection, limits, headers, inventory; secrets and advisories in the
 * repository. `keel audit` runs this gate.
 *
 * @example
 * const [checked] = await checkStages(project, [securityStage], [...stages, securityStage], { seed: 1 });
 */
export const securityStage: Stage<SecurityModel> = {
  id: 'security',
  title: 'security',
  summary: 'The running API withstands the OWASP API Top 10 probes with two tenants and every role.',
  dependsOn: ['contract', 'model', 'access', 'tests'],
  artifacts: (project) => [project.config.contract],
  inputs: (project) => [
    project.config.contract,
    'schemas/**',
    `${project.config.migrations}/**`,
    project.config.handlers,
    'src/**',
    'access.yaml',
    'keel.yaml',
    'package.json',
    'package-lock.json',
  ],
  async load(context) {
    const { project } = context;
    const { contract, issues } = await contractForStage(project, 'security');
    return { model: { project, contract, access: await context.model(accessStage) }, issues };
  },
  // The generic `security/unreadable-artifact` of every stage reports a contract that cannot be loaded.
  loaderRules: [],
  rules: securityRules,
  outputs(model) {
    const run = finishedAuditOf(model);
    if (run === undefined) return {};
    return { 'audit.md': auditMarkdown(run), 'audit-run.json': JSON.stringify(run, null, 2) };
  },
  start: 'Run `keel audit` once the tests stage passes; fix every critical and high finding.',
};
