import { errorCodes, type KeelErrorCode } from './codes.ts';

/** Where in a file a problem is, 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface KeelErrorOptions {
  /** Replaces the registry's generic fix with one specific to this occurrence. */
  readonly fix?: string;
  readonly location?: SourceLocation;
  /** Extra members for the problem document (HTTP) or the JSON error (CLI). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers an HTTP answer to this error carries, e.g. `WWW-Authenticate` with a 401. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/**
 * An error with a stable code from the registry. Everything Keel reports to a user is one of these.
 *
 * @example
 * throw new KeelError('KEEL_FILE_NOT_FOUND', 'openapi.yaml does not exist', { location: { file: 'openapi.yaml' } });
 */
export class KeelError extends Error {
  readonly code: KeelErrorCode;
  readonly status: number;
  readonly fix: string;
  readonly location: SourceLocation | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: KeelErrorCode, message: string, options: KeelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeelError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.fix = options.fix ?? errorCodes[code].fix;
    this.location = options.location;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  /** `file:line:column` when the error has a location. */
  where(): string | undefined {
    const at = this.location;
    if (at === undefined) return undefined;
    if (at.line === undefined) return at.file;
    return at.column === undefined ? `${at.file}:${at.line}` : `${at.file}:${at.line}:${at.column}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      fix: this.fix,
      ...(this.location === undefined ? {} : { location: this.location }),
      ...this.extensions,
    };
  }
}

export function isKeelError(value: unknown): value is KeelError {
  return value instanceof KeelError;
}
