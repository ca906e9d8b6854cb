import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashInputs } from '../journey/input-files.ts';
import type { Project } from '../project/index.ts';
import type { MutationStatus } from './tests-model.ts';

/** A mutant the tests did not notice: where it is and what it changed, so a person can write the missing test. */
export interface UndetectedMutant {
  /** Relative to the project root. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Stryker's mutator, e.g. `EqualityOperator`. */
  readonly mutator: string;
  /** The code as written (cut at 80 characters). */
  readonly original: string;
  /** The code the mutant put there instead. */
  readonly replacement: string;
  /** Survived: tests ran the code and passed anyway; no coverage: no test reached it. */
  readonly status: 'survived' | 'no coverage';
}

/** What one `keel test --mutation` run found, as `.keel/mutation/result.json` keeps it for the tests gate. */
export interface MutationResult {
  readonly format: 1;
  readonly tool: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Every mutated file with the SHA-256 of its content: the result is stale once one of them changes. */
  readonly files: Readonly<Record<string, string>>;
  readonly testFiles: readonly string[];
  readonly counts: {
    readonly killed: number;
    readonly survived: number;
    readonly noCoverage: number;
    readonly timeout: number;
    /** Mutants that did not compile or crashed the runner: not counted in the score. */
    readonly errors: number;
    readonly total: number;
  };
  /** Detected (killed or timed out) over valid mutants, in percent with two decimals; 100 with no valid mutant. */
  readonly score: number;
  readonly undetected: readonly UndetectedMutant[];
}

/** The subset of Stryker's JSON report (mutation-testing-report-schema) that Keel reads. */
export interface StrykerReport {
  readonly files: Readonly<
    Record<
      string,
      {
        readonly source: string;
        readonly mutants: readonly {
          readonly mutatorName: string;
          readonly replacement?: string;
          readonly status: string;
          readonly location: {
            readonly start: { readonly line: number; readonly column: number };
            readonly end: { readonly line: number; readonly column: number };
          };
        }[];
      }
    >
  >;
}

/** Where a project keeps its mutation result and Stryker's incremental file (both meant to be committed). */
export function mutationFolder(project: Project): string {
  return join(project.root, '.keel', 'mutation');
}

export function mutationResultPath(project: Project): string {
  return join(mutationFolder(project), 'result.json');
}

/**
 * Summarises Stryker's report: counts per status, Stryker's score, and every undetected mutant with the code it changed.
 *
 * @example
 * const result = summariseReport(report, { files, testFiles, tool: 'stryker 10.0.0', durationMs: 61000 });
 * result.score; // 84.21
 */
export function summariseReport(
  report: StrykerReport,
  run: {
    readonly files: Readonly<Record<string, string>>;
    readonly testFiles: readonly string[];
    readonly tool: string;
    readonly durationMs: number;
  },
): MutationResult {
  const counts = { killed: 0, survived: 0, noCoverage: 0, timeout: 0, errors: 0, total: 0 };
  const undetected: UndetectedMutant[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const lines = source.split('\n');
    for (const mutant of mutants) {
      counts.total += 1;
      if (mutant.status === 'Killed') counts.killed += 1;
      else if (mutant.status === 'Timeout') counts.timeout += 1;
      else if (mutant.status === 'CompileError' || mutant.status === 'RuntimeError') counts.errors += 1;
      else if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') {
        if (mutant.status === 'Survived') counts.survived += 1;
        else counts.noCoverage += 1;
        const { start, end } = mutant.location;
        undetected.push({
          file: file.split('\\').join('/'),
          line: start.line,
          column: start.column,
          mutator: mutant.mutatorName,
          original: oneLine(textBetween(lines, start, end)),
          replacement: oneLine(mutant.replacement ?? ''),
          status: mutant.status === 'Survived' ? 'survived' : 'no coverage',
        });
      }
    }
  }
  undetected.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  return {
    format: 1,
    tool: run.tool,
    finishedAt: new Date().toISOString(),
    durationMs: run.durationMs,
    files: run.files,
    testFiles: run.testFiles,
    counts,
    score: valid === 0 ? 100 : Math.floor((detected / valid) * 10000) / 100,
    undetected,
  };
}

/** The committed mutation result, or undefined when there is none (or it cannot be read). */
export async function readMutationResult(project: Project): Promise<MutationResult | undefined> {
  try {
    const result = JSON.parse(await readFile(mutationResultPath(project), 'utf8')) as MutationResult;
    return result.format === 1 && typeof result.score === 'number' ? result : undefined;
  } catch {
    return undefined;
  }
}

/** What the tests gate judges: keel.yaml's threshold, the committed result, the files changed since (none without a threshold). */
export async function mutationStatusOf(project: Project): Promise<MutationStatus | undefined> {
  const threshold = project.config.tests.mutation.threshold;
  if (threshold === undefined) return undefined;
  const result = await readMutationResult(project);
  return { threshold, result, changed: result === undefined ? [] : changedSince(result, await filesToMutate(project)) };
}

/** The files a result was made for that changed (or went) since, and the files to mutate that it did not cover. */
export function changedSince(result: MutationResult, current: Readonly<Record<string, string>>): string[] {
  const changed = new Set<string>();
  for (const [file, hash] of Object.entries(result.files)) if (current[file] !== hash) changed.add(file);
  for (const file of Object.keys(current)) if (result.files[file] === undefined) changed.add(file);
  return [...changed].sort();
}

/**
 * The files to mutate, with their content hashes: keel.yaml's `tests.mutation.mutate` globs (`!` excludes), or every
 * `.ts` file beside the handlers file and below, less tests and `generated/`.
 */
export async function filesToMutate(project: Project): Promise<Record<string, string>> {
  const patterns = project.config.tests.mutation.mutate ?? defaultMutate(project.config.handlers);
  const include = patterns.filter((pattern) => !pattern.startsWith('!'));
  const exclude = new Set(patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1)));
  const included = await hashInputs(project.root, include);
  const excluded = exclude.size === 0 ? {} : await hashInputs(project.root, [...exclude]);
  return Object.fromEntries(Object.entries(included).filter(([file]) => excluded[file] === undefined));
}

function defaultMutate(handlers: string): string[] {
  const folder = handlers.includes('/') ? handlers.slice(0, handlers.lastIndexOf('/') + 1) : '';
  return [`${folder}**/*.ts`, '!**/*.test.ts', '!**/*.d.ts', `!${folder}**/generated/**`, '!**/test/**'];
}

function textBetween(
  lines: readonly string[],
  start: { line: number; column: number },
  end: { line: number; column: number },
): string {
  if (start.line === end.line) return (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1);
  const first = (lines[start.line - 1] ?? '').slice(start.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  const last = (lines[end.line - 1] ?? '').slice(0, end.column - 1);
  return [first, ...middle, last].join('\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
