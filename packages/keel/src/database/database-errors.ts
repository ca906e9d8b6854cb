import { isKeelError } from '../errors/index.ts';

/** Network failures: the server is down, restarting, unreachable or refusing us. */
const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/** SQLSTATEs that mean the session is gone or cannot start yet (class 08, shutdown, start-up, no slot free). */
const connectionSqlStates = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);

/** node-postgres reports some connection failures by message only. */
const connectionMessages = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

const constraintKinds = {
  '23505': 'unique',
  '23P01': 'exclusion',
  '23503': 'foreign-key',
  '23514': 'check',
  '23502': 'not-null',
} as const;

export type ConstraintKind = (typeof constraintKinds)[keyof typeof constraintKinds];

export interface ConstraintViolation {
  readonly kind: ConstraintKind;
  /** The constraint's name, when the database gives it (not-null violations have none). */
  readonly constraint?: string;
}

/**
 * Whether an error means the database is gone or not back yet, so the request may succeed later
 * (`KEEL_DATABASE_UNAVAILABLE`), as opposed to a fault in the query. Looks through `cause` and AggregateError.
 */
export function isConnectionError(error: unknown): boolean {
  return someError(error, (candidate) => {
    if (isKeelError(candidate)) return candidate.code === 'KEEL_DATABASE_UNAVAILABLE';
    const code = stringField(candidate, 'code');
    if (code !== undefined && (connectionErrorCodes.has(code) || connectionSqlStates.has(code))) return true;
    const message = stringField(candidate, 'message');
    return message !== undefined && connectionMessages.some((known) => message.startsWith(known));
  });
}

/** The integrity constraint an error violates, from its SQLSTATE; the same on node-postgres and PGlite. */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  const code = stringField(error, 'code');
  if (code === undefined || !Object.hasOwn(constraintKinds, code)) return undefined;
  const kind = constraintKinds[code as keyof typeof constraintKinds];
  const constraint = stringField(error, 'constraint');
  return constraint === undefined ? { kind } : { kind, constraint };
}

/** The SQLSTATE of a database error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = stringField(error, 'code');
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function someError(error: unknown, test: (candidate: object) => boolean, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  if (test(error)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => someError(inner, test, depth + 1))) return true;
  return 'cause' in error && someError(error.cause, test, depth + 1);
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null || !(field in value)) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}

/** An error's message for a sentence; network errors for several addresses have an empty message but a code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  return stringField(error, 'code') ?? error.name;
}
