import { existsSync } from 'node:fs';
import { matchesGlob, relative, resolve, sep } from 'node:path';
import { accessStage } from '../access/access-stage.ts';
import { architectureStage } from '../architecture/architecture-stage.ts';
import { contractStage } from '../contract/contract-stage.ts';
import { lastContractRelease } from '../contract/last-release.ts';
import { diffContracts, loadContractSide } from '../contract/diff/index.ts';
import { isKeelError } from '../errors/index.ts';
import type { Finding, Location } from '../journey/finding.ts';
import { runGates, stageRules } from '../journey/run-gate.ts';
import type { Stage } from '../journey/stage.ts';
import { modelStage } from '../model/model-stage.ts';
import { allowWithoutReason } from '../model/rules/allow-rules.ts';
import { lintRules } from '../model/rules/index.ts';
import { loadProject, type Project } from '../project/index.ts';
import type { ChangedFile } from './git-change.ts';
import type { ReviewSeverity } from './review-finding.ts';

/** The data-model gate without its proofs on a scratch database: the migration lint, which a review runs. */
export const migrationLintStage: Stage = { ...modelStage, rules: [...lintRules, allowWithoutReason] };

/** Rules of the access gate that need a migrated scratch database: the access design review runs without them. */
const accessDatabaseRules = new Set([
  'access/rls-not-enabled',
  'access/policy-drift',
  'access/app-role-unsafe',
  'access/condition-invalid-sql',
]);

/** The access gate's design review of access.yaml (every operation covered, no public writes, …), without a database. */
export const accessDesignStage: Stage = {
  ...accessStage,
  rules: accessStage.rules.filter((rule) => !accessDatabaseRules.has(rule.id)),
};

/** What a review judges with the earlier stages' gates. */
const reviewedStages: readonly Stage[] = [contractStage, migrationLintStage, accessDesignStage, architectureStage];

export interface StageHit {
  readonly rule: string;
  readonly severity: ReviewSeverity;
  readonly message: string;
  readonly fix?: string;
  readonly at: Location;
  /** The earlier stage's own rule, for findings of its gate. */
  readonly origin?: string;
  readonly introduced: boolean;
}

export interface StageCheckInput {
  /** The project at the head (the working tree, or a revision written out). */
  readonly head: Project;
  /** The project folder at the base; undefined when the project did not exist there. */
  readonly baseDir: string | undefined;
  readonly files: readonly ChangedFile[];
}

/** An earlier stage's severity, as a review ranks it; an operation without an access rule is a blocker. */
function severityOf(finding: Finding): ReviewSeverity {
  if (finding.rule === 'access/operation-without-rule' || finding.rule === 'access/public-write') return 'blocker';
  if (finding.severity === 'error') return 'high';
  return finding.severity === 'warning' ? 'medium' : 'info';
}

/**
 * The earlier stages' checks applied to the change: the contract diff (breaking is high), each touched stage's gate at
 * the base and at the head with only the findings the head adds, the migration lint of new migrations, and edits to
 * migrations the base already had.
 */
export async function checkStages(input: StageCheckInput): Promise<{ hits: StageHit[]; notes: string[] }> {
  const { head, files } = input;
  const hits: StageHit[] = [];
  const notes: string[] = [];
  // A stage is touched through its own inputs or those of the stages it builds on (a new operation in the contract
  // is the access review's business).
  const patterns = (stage: Stage): string[] => [
    ...stage.inputs(head),
    ...reviewedStages.filter((other) => stage.dependsOn.includes(other.id)).flatMap((other) => other.inputs(head)),
  ];
  const touched = (stage: Stage): boolean =>
    files.some((file) => patterns(stage).some((pattern) => matchesGlob(file.path, pattern)));
  const base =
    input.baseDir === undefined || !existsSync(input.baseDir)
      ? undefined
      : await loadProject(input.baseDir).catch(() => undefined);

  if (touched(contractStage)) hits.push(...(await contractChanges(head, base, notes)));

  const migrations = head.config.migrations;
  for (const file of files) {
    if (!matchesGlob(file.path, `${migrations}/*.sql`) || file.status === 'added') continue;
    const path = file.status === 'renamed' ? (file.from ?? file.path) : file.path;
    const what =
      file.status === 'deleted' ? 'deleted' : file.status === 'renamed' ? `renamed to ${file.path}` : 'edited';
    const line = file.status === 'modified' ? [...file.addedLines].sort((a, b) => a - b)[0] : undefined;
    hits.push({
      rule: 'review/migration-edited',
      severity: 'high',
      message: `${path} was ${what}, but the base already had it: databases that applied it will not run it again.`,
      at: { file: file.status === 'deleted' ? path : file.path, ...(line === undefined ? {} : { line }) },
      introduced: true,
    });
  }
  const added = new Set(
    files.filter((file) => file.status === 'added' || file.status === 'renamed').map((file) => file.path),
  );

  for (const stage of reviewedStages) {
    if (!touched(stage) || !stage.artifacts(head).some((path) => existsSync(resolve(head.root, path)))) continue;
    const headFindings = await gateFindings(head, stage, notes);
    const baseFindings =
      base === undefined || stage === migrationLintStage ? [] : await gateFindings(base, stage, notes);
    const seen = new Map<string, number>();
    for (const finding of baseFindings) seen.set(fingerprint(finding), (seen.get(fingerprint(finding)) ?? 0) + 1);
    for (const finding of headFindings) {
      const key = fingerprint(finding);
      const left = seen.get(key) ?? 0;
      if (left > 0) seen.set(key, left - 1);
      // The migration lint judges only the migrations this change adds; the base's were reviewed when they landed.
      const introduced = stage === migrationLintStage ? added.has(finding.location.file) : left === 0;
      // What the base already had is the earlier stage's own gate's to report (`keel check`), even with --all.
      if (!introduced) continue;
      hits.push({
        rule: finding.severity === 'error' ? 'review/stage-finding' : 'review/stage-warning',
        severity: severityOf(finding),
        message: `${finding.rule}: ${finding.message}`,
        fix: finding.fix,
        at: finding.location,
        origin: finding.rule,
        introduced: true,
      });
    }
  }
  return { hits, notes };
}

async function gateFindings(project: Project, stage: Stage, notes: string[]): Promise<readonly Finding[]> {
  // keel.yaml may re-level rules of stages a review does not run; the gate only needs its own.
  const own = new Set(stageRules(stage).map((rule) => rule.id));
  const rules = Object.fromEntries(Object.entries(project.config.rules).filter(([id]) => own.has(id)));
  const scoped: Project = { ...project, config: { ...project.config, rules } };
  try {
    const [result] = await runGates(scoped, [stage], [stage]);
    return (result?.findings ?? []).filter((finding) => !finding.rule.endsWith('/missing-artifact'));
  } catch (error) {
    notes.push(`the ${stage.title} gate did not run: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** Rule, file and message with numbers masked: the same finding after lines moved. */
function fingerprint(finding: Finding): string {
  return `${finding.rule}|${finding.location.file}|${finding.message.replace(/\d+/g, '#')}`;
}

async function contractChanges(head: Project, base: Project | undefined, notes: string[]): Promise<StageHit[]> {
  if (base === undefined || !existsSync(base.paths.contract) || !existsSync(head.paths.contract)) return [];
  try {
    const options = { dir: head.root, defaultContract: head.paths.contract };
    const diff = diffContracts(
      await loadContractSide(base.paths.contract, { dir: base.root, defaultContract: base.paths.contract }),
      await loadContractSide(head.paths.contract, options),
    );
    // Before the first release no client depends on the contract yet: a breaking change is worth a note, not a block.
    const released = lastContractRelease(head) !== undefined;
    const unreleased = released ? '' : ' (no release yet: no client depends on the contract)';
    return diff.changes
      .filter((change) => change.level !== 'non-breaking')
      .map((change) => ({
        rule:
          change.level === 'breaking' ? 'review/breaking-contract-change' : 'review/possibly-breaking-contract-change',
        severity: !released ? ('low' as const) : change.level === 'breaking' ? ('high' as const) : ('medium' as const),
        message: `${change.id}: ${change.message}${change.operations.length > 0 ? ` (${change.operations.join(', ')})` : ''}${unreleased}`,
        at: {
          file: relative(head.root, resolve(change.head.file)).split(sep).join('/'),
          line: change.head.line,
          column: change.head.column,
        },
        introduced: true,
      }));
  } catch (error) {
    if (!isKeelError(error)) throw error;
    notes.push(`the contract diff did not run: ${error.message}`);
    return [];
  }
}
