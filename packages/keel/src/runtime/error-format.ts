import { errorCodes, KeelError } from '../errors/index.ts';

/**
 * A project's own error body (keel.yaml `runtime.errorFormat`), for an API whose clients already parse errors another
 * way than RFC 9457 problem details. Every error the runtime answers (validation, authentication, access, not found,
 * method not allowed, handler errors) is rendered from one template, so clients still parse every error one way.
 *
 * @example
 * // keel.yaml
 * // runtime:
 * //   errorFormat:
 * //     mediaType: application/json
 * //     body: { errors: { body: $messages } }
 * //     statuses: { KEEL_VALIDATION_FAILED: 422 }
 */
export interface ErrorFormat {
  /** The Content-Type of every error body, e.g. `application/json`. */
  readonly mediaType: string;
  /** The body's template: JSON in which a string that is exactly a placeholder is replaced by its value. */
  readonly body: unknown;
  /** The status per Keel error code where it differs from Keel's, e.g. `KEEL_VALIDATION_FAILED: 422`. */
  readonly statuses?: Readonly<Record<string, number>>;
}

/** What an error carries, as a problem document has it; the template picks from these. */
export interface ErrorFacts {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly requestId: string;
  readonly errors?: readonly { readonly in: string; readonly pointer: string; readonly detail: string }[];
}

/** The placeholders a template may use, and what each becomes. */
export const errorFormatPlaceholders: Readonly<Record<string, string>> = {
  $type: 'the problem type URI (runtime.problemTypeBase + code)',
  $title: 'the error code’s title',
  $status: 'the HTTP status, a number',
  $detail: 'one sentence about this occurrence',
  $code: 'the stable error code, e.g. KEEL_VALIDATION_FAILED',
  $requestId: 'the request id (X-Request-Id)',
  $errors: 'the failing fields: [{ in, pointer, detail }], empty unless the request was invalid',
  $messages: 'a list of strings: one per failing field (`user.email is required`), else the detail',
};

/** Problems with a format as written, each a sentence; empty when the runtime can use it. */
export function errorFormatIssues(format: ErrorFormat): string[] {
  const issues: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (value.startsWith('$') && !(value in errorFormatPlaceholders)) {
        issues.push(
          `${path} is ${value}, which is not a placeholder (known: ${Object.keys(errorFormatPlaceholders).join(', ')})`,
        );
      }
    } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
    }
  };
  walk(format.body, 'body');
  for (const code of Object.keys(format.statuses ?? {})) {
    if (!(code in errorCodes)) issues.push(`statuses names ${code}, which is not a Keel error code`);
  }
  return issues;
}

/** The status an error code is answered with under the format. */
export function statusUnder(format: ErrorFormat | undefined, code: string, status: number): number {
  return format?.statuses?.[code] ?? status;
}

/** The body of one error under the format. */
export function renderError(format: ErrorFormat, facts: ErrorFacts): unknown {
  const values: Readonly<Record<string, unknown>> = {
    $type: facts.type,
    $title: facts.title,
    $status: facts.status,
    $detail: facts.detail,
    $code: facts.code,
    $requestId: facts.requestId,
    $errors: facts.errors ?? [],
    $messages: messagesOf(facts),
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value in values ? values[value] : value;
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
    }
    return value;
  };
  return fill(format.body);
}

/** `#/user/email` in the body, `is required` → `user.email is required`; the detail when no field is named. */
function messagesOf(facts: ErrorFacts): string[] {
  const errors = facts.errors ?? [];
  if (errors.length === 0) return [facts.detail];
  return errors.map((error) => {
    const field = error.pointer
      .replace(/^#\/?/, '')
      .split('/')
      .filter((token) => token !== '')
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
      .join('.');
    return field === '' ? `${error.in} ${error.detail}` : `${field} ${error.detail}`;
  });
}

/** Refuses, at start-up, a format the runtime could not render. */
export function assertErrorFormat(format: ErrorFormat | undefined): void {
  if (format === undefined) return;
  const issues = errorFormatIssues(format);
  if (issues.length === 0) return;
  throw new KeelError(
    'KEEL_CONFIG_INVALID',
    `keel.yaml runtime.errorFormat: ${issues[0] ?? ''}` + (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''),
    {
      location: { file: 'keel.yaml' },
      fix: `Use only the placeholders ${Object.keys(errorFormatPlaceholders).join(', ')} and Keel error codes (docs/errors.md).`,
    },
  );
}
