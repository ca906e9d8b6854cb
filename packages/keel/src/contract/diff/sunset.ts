import type { DocumentSet, Located } from '../document-set.ts';

/** What a deprecated element says about its end: a date, a declared but undated `Sunset` header, or nothing. */
export interface Sunset {
  /** `x-sunset` or a `Sunset` response header is present. */
  readonly declared: boolean;
  /** The date, when one is given and parses. */
  readonly date: Date | undefined;
  /** Given but not a date. */
  readonly invalid: boolean;
  readonly raw: unknown;
}

const none: Sunset = { declared: false, date: undefined, invalid: false, raw: undefined };

/**
 * Reads the sunset of an operation, parameter or schema: its `x-sunset` (a date, RFC 3339 or HTTP-date), else, for an
 * operation, a `Sunset` header (RFC 8594) declared on one of its responses, dated by its example, default or const.
 */
export function readSunset(
  documents: DocumentSet,
  node: Located<Readonly<Record<string, unknown>>>,
  responses: readonly Located[] = [],
): Sunset {
  if ('x-sunset' in node.value) return parseSunset(node.value['x-sunset']);
  for (const raw of responses) {
    const response = documents.deref(raw).value;
    if (typeof response !== 'object' || response === null) continue;
    const headers = (response as { headers?: unknown }).headers;
    if (typeof headers !== 'object' || headers === null) continue;
    for (const [name, header] of Object.entries(headers as Record<string, unknown>)) {
      if (name.toLowerCase() !== 'sunset') continue;
      const value = headerDate(header);
      return value === undefined ? { ...none, declared: true } : parseSunset(value);
    }
  }
  return none;
}

function headerDate(header: unknown): unknown {
  if (typeof header !== 'object' || header === null) return undefined;
  const { example, schema } = header as { example?: unknown; schema?: Record<string, unknown> };
  if (example !== undefined) return example;
  if (typeof schema !== 'object' || schema === null) return undefined;
  const examples = Array.isArray(schema['examples']) ? (schema['examples'] as unknown[]) : [];
  return schema['const'] ?? schema['default'] ?? schema['example'] ?? examples[0];
}

function parseSunset(raw: unknown): Sunset {
  const date = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : undefined;
  if (date === undefined || Number.isNaN(date.getTime()))
    return { declared: true, date: undefined, invalid: true, raw };
  return { declared: true, date, invalid: false, raw };
}

/** `2026-05-01`, for messages. */
export function formatSunset(sunset: Sunset): string {
  return sunset.date === undefined ? JSON.stringify(sunset.raw ?? null) : sunset.date.toISOString().slice(0, 10);
}
