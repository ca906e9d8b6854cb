import { describeError, sqlState } from '../database/database-errors.ts';
import { lineOfPosition } from './migration-file.ts';

/** What the database said about a failed script, and the line of the file it points at (when it gives a position). */
export interface ScriptFailure {
  readonly message: string;
  readonly line?: number;
  readonly details: Readonly<Record<string, string>>;
}

/**
 * Reads a database error raised by a script that starts on `firstLine` of its file; `offset` is where the statement
 * that failed starts within the script, when statements were sent one by one.
 */
export function scriptFailure(error: unknown, script: string, firstLine: number, offset = 0): ScriptFailure {
  const fields = error as Partial<Record<'position' | 'detail' | 'hint' | 'where', unknown>>;
  const details: Record<string, string> = {};
  const state = sqlState(error);
  if (state !== undefined) details['sqlState'] = state;
  for (const key of ['detail', 'hint', 'where'] as const) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '') details[key] = value;
  }
  const position = Number(fields.position);
  const message = describeError(error);
  if (!Number.isInteger(position) || position < 1) return { message, details };
  const prefix = Array.from(script.slice(0, offset)).length;
  return { message, line: lineOfPosition(script, prefix + position, firstLine), details };
}
