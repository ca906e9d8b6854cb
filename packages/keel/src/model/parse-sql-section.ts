import type { Node, RawStmt } from 'libpg-query';
import { withoutComments } from '../database/sql-script.ts';
import type { Location } from '../journey/finding.ts';
import { sectionPositions, type SectionPositions } from './section-positions.ts';

/** A statement of a section as the parser delimits it, before the model gives it meaning. */
export interface ParsedStatement {
  readonly node: Node;
  readonly kind: string;
  readonly sql: string;
  readonly at: Location;
  /** Where the statement's text starts and ends in the section (UTF-16 indices). */
  readonly start: number;
  readonly end: number;
}

export interface ParsedSection {
  readonly text: string;
  readonly statements: readonly ParsedStatement[];
  readonly positions: SectionPositions;
  /** Set when the section does not parse: the parser's message at the token it stopped on. */
  readonly error?: { readonly message: string; readonly at: Location };
}

/**
 * Parses one section of a migration with PostgreSQL's own parser (libpg_query, compiled to WebAssembly), and places
 * each statement in the file: the section starts at column 1 of `firstLine`.
 *
 * @example
 * const { statements } = await parseSqlSection(migration.up, 'migrations/0001_init.sql', migration.upLine);
 * statements[0]?.at; // { file: 'migrations/0001_init.sql', line: 3, column: 1 }
 */
export async function parseSqlSection(text: string, file: string, firstLine: number): Promise<ParsedSection> {
  const positions = sectionPositions(text, file, firstLine);
  if (withoutComments(text).trim() === '') return { text, statements: [], positions };
  const { parse } = await import('libpg-query');
  let raw: readonly RawStmt[];
  try {
    raw = (await parse(text)).stmts ?? [];
  } catch (error) {
    const { message, cursorPosition } = syntaxError(error);
    return { text, statements: [], positions, error: { message, at: positions.locateChar(cursorPosition) } };
  }
  const code = withoutComments(text);
  const statements = raw.flatMap((entry): ParsedStatement[] => {
    if (entry.stmt === undefined) return [];
    const from = positions.charOfByte(entry.stmt_location ?? 0);
    const to =
      entry.stmt_len === undefined || entry.stmt_len === 0
        ? text.length
        : positions.charOfByte((entry.stmt_location ?? 0) + entry.stmt_len);
    // Older parsers count the comments before a statement as part of it, and the last one runs to the end.
    const start = from + (code.slice(from, to).length - code.slice(from, to).trimStart().length);
    const end = start + code.slice(start, to).trimEnd().length;
    const [kind = 'Unknown'] = Object.keys(entry.stmt);
    return [{ node: entry.stmt, kind, sql: text.slice(start, end), at: positions.locateChar(start), start, end }];
  });
  return { text, statements, positions };
}

function syntaxError(error: unknown): { message: string; cursorPosition: number } {
  const details = (error as { sqlDetails?: { message?: unknown; cursorPosition?: unknown } }).sqlDetails;
  const message =
    typeof details?.message === 'string' ? details.message : error instanceof Error ? error.message : String(error);
  const cursorPosition = typeof details?.cursorPosition === 'number' ? details.cursorPosition : 0;
  return { message, cursorPosition };
}
