import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { readContractFiles } from '../contract/contract-files.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { readEvidence } from '../journey/evidence.ts';
import { compareFindings, countBySeverity, type Finding, type Issue, type SeverityCounts } from '../journey/finding.ts';
import { sha256 } from '../journey/input-files.ts';
import type { CheckOptions, Rule, Stage } from '../journey/stage.ts';
import type { Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';
import { deployBundle, validateBundle } from './bundle/deploy-bundle.ts';
import { deploySettings } from './bundle/deploy-settings.ts';
import { changelog, releasedRequirements } from './changelog.ts';
import { gatherShipInput } from './gather-ship-input.ts';
import { readinessRules, requiredBump } from './readiness/index.ts';
import type { GateRecord, ReleaseRecord } from './release-record.ts';
import { releaseFolder, releaseRecordFile } from './releases.ts';
import { renderReleaseMarkdown, renderRollbackMarkdown } from './render-release.ts';
import { rollbackPlan } from './rollback-plan.ts';
import { bumpBetween } from './semver.ts';
import type { ShipInput } from './ship-input.ts';

/** The rule the bundle's own validation reports under. */
export const bundleRule = {
  id: 'ship/deploy-bundle',
  severity: 'error',
  summary:
    'The deploy bundle validates: the Dockerfile parses and follows container practice, the manifests match the Kubernetes schemas and roll out safely, the alert rules parse.',
  fix: 'This is a bug in Keel’s bundle generator when the files are fresh: report it.',
} as const;

export interface ReleasePlan {
  readonly ok: boolean;
  readonly version: string | undefined;
  readonly findings: readonly Finding[];
  readonly counts: SeverityCounts;
  /** The record and every file of the release, by path relative to the project root; absent when no version is known. */
  readonly record?: ReleaseRecord;
  readonly files?: ReadonlyMap<string, string>;
}

/**
 * Runs the readiness gate and builds the release in memory: the record, the rollback plan, the contract snapshot and
 * the deploy bundle (validated). Nothing is written: `writeRelease` does that, only for a plan that is ok.
 *
 * @example
 * const plan = await planRelease(project, stages, { version: '1.2.0' });
 * if (plan.ok) await writeRelease(project, plan);
 */
export async function planRelease(
  project: Project,
  stages: readonly Stage[],
  options: { readonly version?: string | undefined; readonly check?: CheckOptions } = {},
): Promise<ReleasePlan> {
  const context = createCheckContext(project, options.check);
  const input = await gatherShipInput(context, stages, { version: options.version });
  const findings: Finding[] = [];
  for (const rule of readinessRules) findings.push(...toFindings(rule, await rule.run(input, context)));
  const release = await buildRelease(project, input);
  if (release === undefined) return result(input, findings);
  findings.push(...toFindings(bundleRule, release.bundleIssues));
  return { ...result(input, findings), record: release.record, files: release.files };
}

/**
 * The release of `input.version` in memory: its record, every file of its folder by path relative to the project
 * root, and what validating the deploy bundle found. Undefined when there is no valid version to release.
 */
export async function buildRelease(
  project: Project,
  input: ShipInput,
): Promise<{ record: ReleaseRecord; files: ReadonlyMap<string, string>; bundleIssues: readonly Issue[] } | undefined> {
  if (input.version === undefined || input.semver === undefined) return undefined;
  const record = await buildRecord(project, input);
  const files = await releaseFiles(project, input, record);
  const bundleIssues = validateBundle(files);
  const artifacts: Record<string, string> = {};
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) artifacts[path] = sha256(content);
  const complete: ReleaseRecord = { ...record, artifacts };
  const all = new Map(files);
  all.set(
    `${releaseFolder(complete.version)}/RELEASE.md`,
    renderReleaseMarkdown(complete, deploySettings(project.config, complete.version)),
  );
  all.set(`${releaseFolder(complete.version)}/${releaseRecordFile}`, JSON.stringify(complete, null, 2) + '\n');
  return { record: complete, files: all, bundleIssues };
}

/**
 * Writes a planned release to `releases/<version>/`, all or nothing: the files go to a hidden folder first, which is
 * renamed into place, so a failure leaves no half-written release.
 */
export async function writeRelease(project: Project, plan: ReleasePlan): Promise<string> {
  if (!plan.ok || plan.record === undefined || plan.files === undefined) {
    throw new Error('writeRelease needs a plan that passed the readiness gate');
  }
  const folder = resolve(project.root, releaseFolder(plan.record.version));
  const staging = resolve(project.root, 'releases', `.${plan.record.version}.${process.pid}.tmp`);
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of plan.files) {
      const target = join(staging, relative(releaseFolder(plan.record.version), path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return relative(project.root, folder);
}

function result(input: ShipInput, findings: Finding[]): ReleasePlan {
  findings.sort(compareFindings);
  const counts = countBySeverity(findings);
  return { ok: counts.error === 0, version: input.version, findings, counts };
}

function toFindings(rule: Pick<Rule<unknown>, 'id' | 'severity' | 'fix'>, issues: readonly Issue[]): Finding[] {
  return issues.map((issue) => ({
    rule: rule.id,
    stage: 'ship',
    severity: rule.severity,
    message: issue.message,
    fix: issue.fix ?? rule.fix,
    location: issue.at,
  }));
}

async function buildRecord(project: Project, input: ShipInput): Promise<ReleaseRecord> {
  const version = input.version ?? '';
  const { previous } = input;
  const level = Math.max(0, ...input.migrations.map((migration) => migration.version));
  const requirements = releasedRequirements(input.requirements);
  return {
    format: 1,
    version,
    project: project.config.name,
    createdAt: new Date().toISOString(),
    keelVersion,
    commit: input.commit,
    previous:
      previous === undefined
        ? null
        : {
            version: previous.version,
            commit: previous.record.commit?.sha ?? null,
            migrationLevel: previous.record.migrations.level,
          },
    bump: previous === undefined || input.semver === undefined ? 'none' : bumpBetween(previous.semver, input.semver),
    requiredBump: input.diff === undefined ? 'none' : requiredBump(input.diff.counts),
    gates: await gateRecords(project, input),
    contract: {
      snapshot: `${releaseFolder(version)}/contract/${project.config.contract}`,
      infoVersion: input.contract?.info.version ?? '',
    },
    migrations: {
      level,
      previousLevel: previous?.record.migrations.level ?? 0,
      all: input.migrations.map((migration) => ({
        version: migration.version,
        file: migration.file,
        checksum: migration.checksum,
      })),
    },
    artifacts: {},
    changelog: changelog(input.diff, previous?.record.requirements, requirements),
    requirements,
    rollback: rollbackPlan(input.dataModel, previous, level),
  };
}

/** Each earlier stage's evidence; a stage this Keel has no gate for is recorded as not available, never as passed. */
async function gateRecords(project: Project, input: ShipInput): Promise<GateRecord[]> {
  const records: GateRecord[] = [];
  for (const status of input.status.stages) {
    if (status.stage === 'ship') continue;
    if (!status.available) {
      records.push({ stage: status.stage, state: 'not-available', note: status.reasons[0] ?? 'no gate in this Keel' });
      continue;
    }
    const evidence = await readEvidence(project, status.stage);
    records.push({
      stage: status.stage,
      state: 'passing',
      ...(evidence === undefined
        ? {}
        : { digest: evidence.digest, checkedAt: evidence.checkedAt, commit: evidence.commit, counts: evidence.counts }),
    });
  }
  return records;
}

/** The contract snapshot, the rollback plan and the deploy bundle, by path relative to the project root. */
async function releaseFiles(project: Project, input: ShipInput, record: ReleaseRecord): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const folder = releaseFolder(record.version);
  try {
    const { files: contractFiles } = readContractFiles(project.paths.contract, project.root);
    for (const path of contractFiles.keys()) {
      const relativePath = relative(project.root, path).split('\\').join('/');
      files.set(`${folder}/contract/${relativePath}`, await readFile(path, 'utf8'));
    }
  } catch {
    // An unreadable contract fails the contract stage, which the readiness gate reports.
  }
  files.set(`${folder}/ROLLBACK.md`, renderRollbackMarkdown(record));
  const settings = deploySettings(project.config, record.version);
  for (const [path, content] of deployBundle(settings, input.requirements, input.contract)) files.set(path, content);
  return files;
}
