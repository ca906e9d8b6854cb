import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { withoutComments } from '../database/sql-script.ts';
import { KeelError } from '../errors/index.ts';

/** A migration file, parsed: `NNNN_name.sql` with a `-- migrate:up` and a `-- migrate:down` section. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The file's name, e.g. `0001_create_widgets.sql`. */
  readonly file: string;
  /** The path it was read from. */
  readonly path: string;
  /** SHA-256 (hex) of the whole file, line endings normalised to LF. */
  readonly checksum: string;
  /** False when the file opts out with `-- keel:no-transaction` (e.g. for CREATE INDEX CONCURRENTLY). */
  readonly transaction: boolean;
  readonly up: string;
  readonly down: string;
  /** The 1-based line of the file on which each section's text starts, to point errors at the file. */
  readonly upLine: number;
  readonly downLine: number;
}

/** One thing wrong with a migration file. */
export interface MigrationProblem {
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

const fileNamePattern = /^(\d{4,})_([a-z0-9_]+)\.sql$/;
const upMarker = /^\s*--\s*migrate:up\s*$/;
const downMarker = /^\s*--\s*migrate:down\s*$/;
const noTransactionMarker = /^\s*--\s*keel:no-transaction\s*$/;
/** Markers written with other case or spacing; taken as comments, they would silently change the migration. */
const markerSpellings = new Set(['--migrate:up', '--migrate:down', '--keel:no-transaction']);
const largestVersion = 2 ** 31 - 1;

/** SHA-256 of the file with CRLF normalised to LF, so a checkout on Windows does not count as an edit. */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(normaliseLineEndings(text)).digest('hex');
}

/**
 * Parses one migration file; throws `KEEL_MIGRATION_INVALID` listing every problem in it.
 *
 * @example
 * parseMigrationFile('migrations/0001_widgets.sql', '-- migrate:up\ncreate table w (id int);\n-- migrate:down\ndrop table w;\n')
 */
export function parseMigrationFile(path: string, text: string): Migration {
  const result = checkMigrationFile(path, text);
  if (result.migration === undefined) throw migrationInvalid(result.problems);
  return result.migration;
}

/** Parses one migration file, collecting its problems instead of throwing. */
export function checkMigrationFile(
  path: string,
  text: string,
): { readonly migration?: Migration; readonly problems: readonly MigrationProblem[] } {
  const file = basename(path);
  const problems: MigrationProblem[] = [];
  const problem = (message: string, line?: number): void => {
    problems.push(line === undefined ? { path, message } : { path, line, message });
  };

  const nameMatch = fileNamePattern.exec(file);
  const version = Number(nameMatch?.[1]);
  if (nameMatch === null) {
    problem(`the name must be NNNN_name.sql: at least 4 digits, an underscore, then a-z, 0-9 and _`);
  } else if (version > largestVersion) {
    problem(`the version ${nameMatch[1]} is larger than ${largestVersion}`);
  }

  const lines = normaliseLineEndings(text).split('\n');
  const ups: number[] = [];
  const downs: number[] = [];
  const noTransactions: number[] = [];
  lines.forEach((line, index) => {
    if (upMarker.test(line)) ups.push(index);
    else if (downMarker.test(line)) downs.push(index);
    else if (noTransactionMarker.test(line)) noTransactions.push(index);
    else if (markerSpellings.has(line.replace(/\s+/g, '').toLowerCase())) {
      problem(
        `"${line.trim()}" is not written as a marker: write exactly -- migrate:up, -- migrate:down or -- keel:no-transaction`,
        index + 1,
      );
    }
  });
  const [upIndex, secondUp] = ups;
  const [downIndex, secondDown] = downs;
  if (upIndex === undefined) problem('there is no up section: add a line -- migrate:up before its SQL');
  if (downIndex === undefined)
    problem('there is no down section: add a line -- migrate:down before the SQL that undoes it');
  if (secondUp !== undefined)
    problem(`a second -- migrate:up line (the first is on line ${(upIndex ?? 0) + 1})`, secondUp + 1);
  if (secondDown !== undefined) {
    problem(`a second -- migrate:down line (the first is on line ${(downIndex ?? 0) + 1})`, secondDown + 1);
  }
  if (upIndex !== undefined && downIndex !== undefined && downIndex < upIndex) {
    problem('-- migrate:down comes before -- migrate:up', downIndex + 1);
  }
  // Opting out must be visible before any SQL of the up section runs.
  const transaction = noTransactions.length === 0;
  for (const index of noTransactions) {
    const sectionStart = upIndex !== undefined && upIndex < index ? upIndex + 1 : 0;
    const late = (downIndex !== undefined && downIndex < index) || hasSql(lines.slice(sectionStart, index).join('\n'));
    if (late) problem('-- keel:no-transaction must come before the up section’s SQL', index + 1);
  }
  if (upIndex === undefined || downIndex === undefined || nameMatch === null || problems.length > 0) {
    return { problems: sortByLine(problems) };
  }

  const preamble = lines.slice(0, upIndex).join('\n');
  if (hasSql(preamble))
    problem('SQL before -- migrate:up is never run: move it into a section', firstSqlLine(preamble));
  const up = lines.slice(upIndex + 1, downIndex).join('\n');
  if (!hasSql(up)) problem('the up section has no SQL', upIndex + 1);
  if (problems.length > 0) return { problems };

  const migration: Migration = Object.freeze({
    version,
    name: nameMatch[2] ?? '',
    file,
    path,
    checksum: migrationChecksum(text),
    transaction,
    up,
    down: lines.slice(downIndex + 1).join('\n'),
    upLine: upIndex + 2,
    downLine: downIndex + 2,
  });
  return { migration, problems };
}

/** One error for every problem found, located at the first. */
export function migrationInvalid(problems: readonly MigrationProblem[]): KeelError {
  const described = problems.map(describeProblem);
  const first = problems[0];
  const message =
    described.length === 1
      ? (described[0] ?? '')
      : `${described.length} problems in the migrations:\n  ${described.join('\n  ')}`;
  return new KeelError('KEEL_MIGRATION_INVALID', message, {
    ...(first === undefined
      ? {}
      : { location: first.line === undefined ? { file: first.path } : { file: first.path, line: first.line } }),
    extensions: {
      problems: problems.map((found) => ({ file: basename(found.path), line: found.line, message: found.message })),
    },
  });
}

/** The line of `text` on which a 1-based character position (as PostgreSQL reports it) falls. */
export function lineOfPosition(text: string, position: number, firstLine: number): number {
  const before = Array.from(text)
    .slice(0, Math.max(0, position - 1))
    .join('');
  return firstLine + (before.match(/\n/g)?.length ?? 0);
}

/** Whole-file problems first, then by line. */
function sortByLine(problems: MigrationProblem[]): MigrationProblem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function describeProblem(found: MigrationProblem): string {
  return `${basename(found.path)}${found.line === undefined ? '' : `:${found.line}`}: ${found.message}`;
}

function hasSql(text: string): boolean {
  return withoutComments(text).trim() !== '';
}

function firstSqlLine(text: string): number {
  const code = withoutComments(text);
  const offset = code.search(/\S/);
  return (code.slice(0, offset).match(/\n/g)?.length ?? 0) + 1;
}

function normaliseLineEndings(text: string): string {
  return text.replaceAll('\r\n', '\n');
}
