/** One statement of a script, and where it starts in the script (0-based, in UTF-16 units). */
export interface SqlStatement {
  readonly text: string;
  readonly offset: number;
}

type SpanKind = 'code' | 'comment' | 'quoted';

/**
 * Splits a script at the semicolons that end statements, ignoring those inside comments, quoted text and
 * dollar-quoted bodies. Statements that hold only comments are dropped.
 */
export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let hasCode = false;
  const finish = (end: number): void => {
    if (hasCode) {
      const text = script.slice(start, end);
      const leading = text.length - text.trimStart().length;
      statements.push({ text: text.trim(), offset: start + leading });
    }
    start = end + 1;
    hasCode = false;
  };
  scanSql(script, (kind, from, to) => {
    if (kind !== 'code') {
      hasCode ||= kind === 'quoted';
      return;
    }
    for (let index = from; index < to; index++) {
      const char = script[index] ?? '';
      if (char === ';') finish(index);
      else if (!/\s/.test(char)) hasCode = true;
    }
  });
  finish(script.length);
  return statements;
}

/** The script with its comments blanked out (same length, so offsets still hold). */
export function withoutComments(script: string): string {
  let result = '';
  scanSql(script, (kind, from, to) => {
    result += kind === 'comment' ? script.slice(from, to).replace(/[^\n]/g, ' ') : script.slice(from, to);
  });
  return result;
}

/** Walks the script as consecutive spans of code, comments and quoted text. */
function scanSql(script: string, visit: (kind: SpanKind, from: number, to: number) => void): void {
  let codeStart = 0;
  let index = 0;
  const span = (kind: SpanKind, to: number): void => {
    if (index > codeStart) visit('code', codeStart, index);
    visit(kind, index, to);
    index = to;
    codeStart = to;
  };
  while (index < script.length) {
    const char = script[index];
    const next = script[index + 1];
    if (char === '-' && next === '-') {
      const end = script.indexOf('\n', index);
      span('comment', end === -1 ? script.length : end);
    } else if (char === '/' && next === '*') {
      span('comment', blockCommentEnd(script, index));
    } else if (char === "'") {
      span('quoted', quotedEnd(script, index, "'", escapesWithBackslash(script, index)));
    } else if (char === '"') {
      span('quoted', quotedEnd(script, index, '"', false));
    } else if (char === '$' && !isIdentifierChar(script[index - 1])) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(script.slice(index))?.[0];
      if (tag === undefined) index++;
      else {
        const end = script.indexOf(tag, index + tag.length);
        span('quoted', end === -1 ? script.length : end + tag.length);
      }
    } else {
      index++;
    }
  }
  if (index > codeStart) visit('code', codeStart, index);
}

/** Block comments nest in PostgreSQL. */
function blockCommentEnd(script: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < script.length) {
    if (script.startsWith('/*', index)) {
      depth++;
      index += 2;
    } else if (script.startsWith('*/', index)) {
      depth--;
      index += 2;
      if (depth === 0) return index;
    } else {
      index++;
    }
  }
  return script.length;
}

function quotedEnd(script: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;
  while (index < script.length) {
    const char = script[index];
    if (backslashEscapes && char === '\\') index += 2;
    else if (char === quote && script[index + 1] === quote) index += 2;
    else if (char === quote) return index + 1;
    else index++;
  }
  return script.length;
}

/** `E'...'` strings take backslash escapes; a plain `'...'` does not (standard_conforming_strings). */
function escapesWithBackslash(script: string, quoteIndex: number): boolean {
  const before = script[quoteIndex - 1];
  return (before === 'E' || before === 'e') && !isIdentifierChar(script[quoteIndex - 2]);
}

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /[\w$\u0080-\uffff]/.test(char);
}
