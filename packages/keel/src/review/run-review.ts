import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createCheckContext } from '../journey/check-context.ts';
import { contractStage } from '../contract/contract-stage.ts';
import type { Location } from '../journey/finding.ts';
import { loadProject, type Project } from '../project/index.ts';
import { keelVersion } from '../version.ts';
import { contractFacts } from './contract-fields.ts';
import { checkDependencies, newDependencies, type NewDependency } from './dependency-check.ts';
import { lintFiles, type LintFinding } from './eslint-check.ts';
import {
  computeChange,
  everyLine,
  git,
  materialize,
  repositoryTop,
  type Change,
  type ChangedFile,
} from './git-change.ts';
import { loadReviewConfig, type ReviewConfig } from './review-config.ts';
import {
  atLeast,
  compareReviewFindings,
  countReviewFindings,
  type ReviewCounts,
  type ReviewFinding,
  type ReviewSeverity,
  type ReviewSource,
} from './review-finding.ts';
import { reviewRule, reviewRuleById } from './review-rules.ts';
import { scanSecrets, skipsSecretScan } from './secret-scan.ts';
import { checkStages } from './stage-checks.ts';
import { typeCheck } from './typescript-check.ts';
import { KeelError } from '../errors/index.ts';

export interface ReviewOptions {
  /** A git revision; default: keel.yaml's review.base, else the merge-base with the main branch. */
  readonly base?: string;
  /** A git revision; default: the working tree. */
  readonly head?: string;
  /** Review every file of the project, not only what the change introduces. */
  readonly all?: boolean;
  /** Ask the registry about new dependencies (`npm audit`); default true. */
  readonly audit?: boolean;
  /** On the main branch with nothing uncommitted and no base given, review the last commit (the CLI's default). */
  readonly lastCommitWhenClean?: boolean;
}

/** What `keel review --format json` prints. */
export interface ReviewReport {
  readonly ok: boolean;
  readonly keelVersion: string;
  readonly all: boolean;
  readonly base: { readonly ref: string; readonly commit: string; readonly how: string } | undefined;
  readonly head: { readonly ref: string; readonly commit: string } | 'working tree';
  readonly failOn: ReviewConfig['failOn'];
  readonly files: readonly { readonly path: string; readonly status: ChangedFile['status'] }[];
  readonly counts: ReviewCounts;
  readonly findings: readonly ReviewFinding[];
  /** Checks that ran, and notes on those that could not. */
  readonly checks: readonly string[];
  readonly notes: readonly string[];
  readonly overrides: readonly { readonly rule: string; readonly severity: string; readonly reason: string }[];
  readonly durationMs: number;
}

const sourceFile = /\.(ts|tsx|mts|cts)$/;
/** Files a review never judges as code: generated types, dependencies, fixtures of tests. */
const notReviewed = /(^|\/)(node_modules|generated|\.keel|fixtures)\//;

interface Raw {
  readonly rule: string;
  readonly severity?: ReviewSeverity;
  readonly message: string;
  readonly fix?: string;
  readonly at: Location;
  readonly source?: ReviewSource;
  readonly introduced?: boolean;
}

/**
 * Reviews a change of a project: computes it with git, runs the type check, ESLint (typescript-eslint and Keel's
 * handler rules), the earlier stages' gates, the secret scan and the dependency checks where the change touches, and
 * keeps what the change introduces (everything with `all`). Findings are collected, never thrown; only bad input
 * (no repository, an unknown revision, a broken keel.yaml) is a KeelError.
 */
export async function runReview(project: Project, options: ReviewOptions = {}): Promise<ReviewReport> {
  const started = performance.now();
  const config = await loadReviewConfig(project);
  assertOverridesKnown(config);
  const all = options.all === true;
  const top = await repositoryTop(project.root);
  const base = options.base ?? config.base;
  const change: Change | undefined =
    top === undefined && all && options.head === undefined && base === undefined
      ? undefined
      : await computeChange(project.root, {
          ...(base === undefined ? {} : { base }),
          ...(options.head === undefined ? {} : { head: options.head }),
          lastCommitWhenClean: options.lastCommitWhenClean === true,
        });
  const cleanups: (() => Promise<void>)[] = [];
  const raws: Raw[] = [];
  const checks: string[] = [];
  let lap = performance.now();
  /** Records a check that ran, with its wall time. */
  const ran = (what: string): void => {
    const now = performance.now();
    checks.push(`${what}: ${((now - lap) / 1000).toFixed(1)} s`);
    lap = now;
  };
  const notes: string[] = [];
  try {
    const head = change?.head === undefined ? project : await checkout(change, change.head.commit, cleanups);
    const files = change?.files ?? [];
    const changed = new Map(files.map((file) => [file.path, file]));
    const present = files.filter((file) => file.status !== 'deleted');

    // TypeScript and ESLint
    const code = all
      ? 'all'
      : present.map((file) => file.path).filter((path) => sourceFile.test(path) && !notReviewed.test(path));
    if (code === 'all' || code.length > 0) {
      const typed = typeCheck(head.root, code);
      ran(`typescript, ${typed.files.length} files`);
      for (const diagnostic of typed.diagnostics) {
        raws.push({ rule: 'review/type-error', message: diagnostic.message, at: diagnostic.at });
      }
      if (typed.program !== undefined) {
        const facts = await contractFactsOf(head);
        const reviewed = typed.files.filter((file) => !notReviewed.test(file));
        const lint = await lintFiles(head.root, reviewed, typed.program, {
          operations: facts?.operations ?? {},
          listOperations: facts?.listOperations,
          readOperations: facts?.readOperations,
        });
        ran(`eslint, ${reviewed.length} files`);
        raws.push(...lint.map(lintRaw));
      }
    }

    // The earlier stages
    if (change !== undefined) {
      const written = await materialize(
        change.top,
        change.base.commit,
        change.projectPath === '' ? [] : [change.projectPath],
      );
      cleanups.push(written.dispose);
      const stages = await checkStages({ head, baseDir: join(written.dir, change.projectPath), files });
      ran('earlier stages');
      notes.push(...stages.notes);
      raws.push(
        ...stages.hits.map((hit) => {
          const source = sourceOf(hit.origin);
          return source === undefined ? hit : { ...hit, source };
        }),
      );
    }

    // Secrets and dependencies
    const scanned =
      all && change === undefined ? await allFiles(head.root) : all ? await trackedFiles(change, head.root) : present;
    for (const file of scanned) {
      if (skipsSecretScan(file.path) || notReviewed.test(file.path)) continue;
      const text = await readFile(resolve(head.root, file.path), 'utf8').catch(() => undefined);
      if (text === undefined || text.includes('\0')) continue;
      for (const hit of scanSecrets(file.path, text, all ? everyLine : file.addedLines)) {
        raws.push({
          rule: hit.kind === 'key-format' ? 'review/committed-secret' : 'review/high-entropy-string',
          message: hit.message,
          at: hit.at,
        });
      }
    }
    ran(`secrets, ${scanned.length} files`);
    const manifests = present.filter((file) => /(^|\/)package\.json$/.test(file.path) && !notReviewed.test(file.path));
    const dependencies: NewDependency[] = [];
    for (const manifest of manifests) {
      const headText = await readFile(resolve(head.root, manifest.path), 'utf8');
      const baseText =
        change === undefined || manifest.status === 'added'
          ? undefined
          : await git(change.top, [
              'show',
              `${change.base.commit}:${join(change.projectPath, manifest.from ?? manifest.path)}`,
            ]).catch(() => undefined);
      dependencies.push(...newDependencies(manifest.path, headText, baseText));
    }
    if (dependencies.length > 0) {
      raws.push(...(await checkDependencies(head.root, dependencies, options.audit !== false)));
      ran(`dependencies, ${dependencies.length} new${options.audit === false ? ' (audit skipped)' : ''}`);
    }

    const findings = raws
      .map((raw) => finish(raw, changed, all))
      .filter((finding): finding is ReviewFinding => finding !== undefined)
      .flatMap((finding) => applyOverride(finding, config))
      .sort(compareReviewFindings);
    const failOn = config.failOn;
    return {
      ok: failOn === 'never' || !findings.some((finding) => atLeast(finding.severity, failOn)),
      keelVersion,
      all,
      base: change?.base,
      head: change?.head ?? 'working tree',
      failOn,
      files: files.map((file) => ({ path: file.path, status: file.status })),
      counts: countReviewFindings(findings),
      findings,
      checks,
      notes,
      overrides: Object.entries(config.rules).map(([rule, override]) => ({ rule, ...override })),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

function lintRaw(finding: LintFinding): Raw {
  if (finding.ruleId.startsWith('keel/')) {
    const rule = `review/${finding.ruleId.slice('keel/'.length)}`;
    return {
      rule,
      message: finding.message,
      at: finding.at,
      ...(finding.messageId === 'requestData' ? { severity: 'blocker' as const } : {}),
    };
  }
  if (/no-floating-promises|no-misused-promises/.test(finding.ruleId)) {
    return { rule: 'review/floating-promise', message: finding.message, at: finding.at };
  }
  return { rule: 'review/lint', message: `${finding.ruleId}: ${finding.message}`, at: finding.at };
}

/** Adds the rule's defaults and decides whether the change introduced it; undefined when it is not reported. */
function finish(raw: Raw, changed: ReadonlyMap<string, ChangedFile>, all: boolean): ReviewFinding | undefined {
  const rule = reviewRule(raw.rule);
  const file = changed.get(raw.at.file);
  const introduced =
    raw.introduced ?? (file !== undefined && (raw.at.line === undefined || file.addedLines.has(raw.at.line)));
  if (!introduced && !all) return undefined;
  return {
    rule: raw.rule,
    severity: raw.severity ?? rule.severity,
    source: raw.source ?? rule.source,
    message: raw.message,
    fix: raw.fix ?? rule.fix,
    location: raw.at,
    introduced,
  };
}

function applyOverride(finding: ReviewFinding, config: ReviewConfig): ReviewFinding[] {
  const origin = /^[a-z]+\/[a-z0-9-]+(?=: )/.exec(finding.message)?.[0];
  const override = config.rules[finding.rule] ?? (origin === undefined ? undefined : config.rules[origin]);
  if (override === undefined) return [finding];
  if (override.severity === 'off') return [];
  return [{ ...finding, severity: override.severity, override: { from: finding.severity, reason: override.reason } }];
}

function assertOverridesKnown(config: ReviewConfig): void {
  for (const id of Object.keys(config.rules)) {
    if (id.startsWith('review/') && !reviewRuleById.has(id)) {
      throw new KeelError('KEEL_CONFIG_INVALID', `keel.yaml: review.rules: no review rule is named ${id}`, {
        location: { file: 'keel.yaml' },
        fix: 'Use a rule id as `keel review --format json` prints it (docs/review.md lists every rule), or remove the entry.',
      });
    }
  }
}

function sourceOf(origin: string | undefined): ReviewSource | undefined {
  const stage = origin?.split('/')[0];
  return stage === 'contract' || stage === 'model' || stage === 'access' || stage === 'architecture'
    ? stage
    : undefined;
}

async function contractFactsOf(project: Project): Promise<ReturnType<typeof contractFacts> | undefined> {
  if (!existsSync(project.paths.contract)) return undefined;
  const model = await createCheckContext(project).model(contractStage);
  return model === undefined ? undefined : contractFacts(model);
}

/**
 * A head given as a revision, written out whole (a monorepo's tsconfig and workspaces are outside the project), with
 * the working tree's node_modules linked in so that imports resolve.
 */
async function checkout(change: Change, commit: string, cleanups: (() => Promise<void>)[]): Promise<Project> {
  const written = await materialize(change.top, commit);
  cleanups.push(written.dispose);
  for (const dir of new Set(['', change.projectPath])) {
    const modules = join(change.top, dir, 'node_modules');
    const target = join(written.dir, dir, 'node_modules');
    if (existsSync(modules) && !existsSync(target)) await symlink(modules, target, 'dir');
  }
  return loadProject(join(written.dir, change.projectPath));
}

async function trackedFiles(change: Change | undefined, root: string): Promise<ChangedFile[]> {
  // A head given as a revision is written out from git: every file there is tracked.
  if (change === undefined || change.head !== undefined) return allFiles(root);
  const listed = await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.']);
  return listed
    .split('\0')
    .filter((path) => path !== '')
    .map((path) => ({ path, status: 'modified' as const, addedLines: everyLine }));
}

async function allFiles(root: string): Promise<ChangedFile[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .filter((path) => !/(^|\/)(node_modules|\.git|\.keel)\//.test(path))
    .map((path) => ({ path, status: 'modified' as const, addedLines: everyLine }));
}
