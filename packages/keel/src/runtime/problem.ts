import type { ErrorObject } from 'ajv';
import { constraintViolation, isConnectionError } from '../database/index.ts';
import { errorCodes, isKeelError, type KeelErrorCode } from '../errors/index.ts';
import { renderError, statusUnder, type ErrorFormat } from './error-format.ts';

/** One failing field of a request, as listed in a validation problem. */
export interface FieldError {
  /** Which part of the request: `body`, `query`, `path` or `header`. */
  readonly in: string;
  /** JSON pointer (RFC 6901, as a URI fragment) to the field inside that part. */
  readonly pointer: string;
  readonly detail: string;
  /** What the contract accepts, when it can be said in a value (a type, the allowed values, a limit). */
  readonly expected?: unknown;
}

/** An RFC 9457 problem document with Keel's extension members. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface Problem {
  readonly status: number;
  readonly document: ProblemDocument;
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the error is the server's fault and deserves an error log line. */
  readonly serverFault: boolean;
}

export interface ProblemSettings {
  readonly typeBase: string;
  /** Development shows internal messages and stacks; test and production never do. */
  readonly exposeInternals: boolean;
  readonly retryAfterSeconds: number;
  /** keel.yaml's `runtime.errorFormat`; RFC 9457 problem details when undefined. */
  readonly format?: ErrorFormat | undefined;
}

/** What goes on the wire for a problem: its Content-Type and bytes, in the project's error format. */
export interface ProblemPayload {
  readonly contentType: string;
  readonly payload: string;
}

/** The problem document as the project's clients read errors: RFC 9457 unless keel.yaml declares another format. */
export function problemPayload(document: ProblemDocument, settings: ProblemSettings): ProblemPayload {
  if (settings.format === undefined) {
    return { contentType: 'application/problem+json', payload: JSON.stringify(document) };
  }
  return { contentType: settings.format.mediaType, payload: JSON.stringify(renderError(settings.format, document)) };
}

const partNames: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Builds the problem document for a Keel error code. */
export function problemFor(
  code: KeelErrorCode,
  detail: string,
  requestId: string,
  settings: ProblemSettings,
  extensions: Readonly<Record<string, unknown>> = {},
): ProblemDocument {
  const definition = errorCodes[code];
  return {
    type: settings.typeBase + code,
    title: definition.title,
    status: statusUnder(settings.format, code, definition.status),
    detail,
    code,
    requestId,
    ...extensions,
  };
}

/** Maps anything thrown while serving a request to the problem the client receives. */
export function problemFromError(error: unknown, requestId: string, settings: ProblemSettings): Problem {
  const make = (
    code: KeelErrorCode,
    detail: string,
    extensions: Readonly<Record<string, unknown>> = {},
    headers: Readonly<Record<string, string>> = {},
  ): Problem => {
    const document = problemFor(code, detail, requestId, settings, extensions);
    return { status: document.status, document, headers, serverFault: document.status >= 500 };
  };

  if (isKeelError(error)) {
    const retry = error.status === 503 || error.status === 429 || error.code === 'KEEL_IDEMPOTENCY_IN_PROGRESS';
    // A rate limit knows when its window ends; other waits get the default.
    const after = error.extensions['retryAfterSeconds'];
    const seconds = typeof after === 'number' && after > 0 ? after : settings.retryAfterSeconds;
    return make(error.code, error.message, error.extensions, {
      ...error.headers,
      ...(retry ? { 'retry-after': String(seconds) } : {}),
    });
  }
  const fastifyError = error as {
    validation?: ErrorObject[];
    validationContext?: string;
    statusCode?: number;
    code?: string;
    message?: string;
  };
  if (Array.isArray(fastifyError.validation)) {
    const part = partNames[fastifyError.validationContext ?? 'body'] ?? 'body';
    const errors = fastifyError.validation.map((issue) => fieldError(part, issue));
    return make('KEEL_VALIDATION_FAILED', summarise(errors), { errors });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return make('KEEL_PAYLOAD_TOO_LARGE', 'The request body is larger than the limit of this service.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return make('KEEL_UNSUPPORTED_MEDIA_TYPE', 'The Content-Type of the request body is not accepted here.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return make('KEEL_MALFORMED_BODY', 'The Content-Type is JSON but the body is empty.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return make('KEEL_MALFORMED_BODY', 'The Content-Length does not match the body.');
    case 'FST_ERR_BAD_URL':
      return make('KEEL_ROUTE_NOT_FOUND', 'The URL is not valid.');
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return make('KEEL_MALFORMED_BODY', `The body is not valid JSON: ${error.message}`);
  }
  if (isConnectionError(error)) {
    return make(
      'KEEL_DATABASE_UNAVAILABLE',
      'The database is not answering; the request was not completed.',
      {},
      { 'retry-after': String(settings.retryAfterSeconds) },
    );
  }
  const violation = constraintViolation(error);
  if (violation !== undefined && violation.kind !== 'check' && violation.kind !== 'not-null') {
    return make(
      'KEEL_CONFLICT',
      violation.kind === 'foreign-key'
        ? 'The request refers to something that does not exist.'
        : 'The request conflicts with an existing resource.',
      violation.constraint === undefined ? {} : { constraint: violation.constraint },
    );
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return make('KEEL_MALFORMED_BODY', fastifyError.message ?? 'The request could not be read.');
  }
  const exposed =
    settings.exposeInternals && error instanceof Error
      ? { detail: error.message, stack: error.stack?.split('\n').map((line) => line.trim()) }
      : undefined;
  return make(
    'KEEL_INTERNAL',
    exposed?.detail ?? 'The server failed to complete the request.',
    exposed?.stack === undefined ? {} : { stack: exposed.stack },
  );
}

function fieldError(part: string, issue: ErrorObject): FieldError {
  const params = issue.params as Record<string, unknown>;
  let path = issue.instancePath;
  let detail = issue.message ?? 'is not valid';
  let expected: unknown;
  switch (issue.keyword) {
    case 'required':
      path += '/' + escapeToken(String(params['missingProperty']));
      detail = 'is required';
      break;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = params['additionalProperty'] ?? params['unevaluatedProperty'];
      path += '/' + escapeToken(String(name));
      detail = 'is not allowed';
      break;
    }
    case 'type':
      expected = params['type'];
      break;
    case 'enum':
      expected = params['allowedValues'];
      break;
    case 'const':
      expected = params['allowedValue'];
      break;
    case 'format':
      expected = `format ${String(params['format'])}`;
      break;
    case 'maxLength':
    case 'minLength':
    case 'maxItems':
    case 'minItems':
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      expected = `${issue.keyword} ${String(params['limit'])}`;
      break;
    case 'pattern':
      expected = `pattern ${String(params['pattern'])}`;
      break;
  }
  return { in: part, pointer: '#' + path, detail, ...(expected === undefined ? {} : { expected }) };
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function summarise(errors: readonly FieldError[]): string {
  const first = errors[0];
  if (first === undefined) return 'The request does not match the contract.';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.in} ${first.pointer === '#' ? '' : first.pointer.slice(1) + ' '}${first.detail}${more}.`;
}
