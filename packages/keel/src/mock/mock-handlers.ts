import type { Contract, JsonSchema, Operation } from '../contract/index.ts';
import { KeelError, type KeelErrorCode } from '../errors/index.ts';
import type { AnyHandler, HandlerContext, HandlerResult, Handlers } from '../runtime/index.ts';
import { generateFromSchema } from './generate-from-schema.ts';
import { parsePrefer } from './prefer-header.ts';
import { responseExamples, type DeclaredExample, type ResponseExamples } from './response-examples.ts';
import { hashSeed, seededRandom, type Random } from './seeded-random.ts';

export interface MockSettings {
  /** Generate every body from its schema, even where the contract declares an example. */
  readonly dynamic: boolean;
  /** Makes generated data reproducible: the same request gets the same data. */
  readonly seed: number | undefined;
}

/** Problem codes for the mock error responses an operation declares without an example. */
const problemCodes: Readonly<Record<number, KeelErrorCode>> = {
  400: 'KEEL_VALIDATION_FAILED',
  401: 'KEEL_UNAUTHENTICATED',
  403: 'KEEL_FORBIDDEN',
  404: 'KEEL_NOT_FOUND',
  409: 'KEEL_CONFLICT',
  412: 'KEEL_PRECONDITION_FAILED',
  429: 'KEEL_RATE_LIMITED',
  500: 'KEEL_INTERNAL',
  503: 'KEEL_DATABASE_UNAVAILABLE',
};

/**
 * One handler per operation that answers with the contract's own examples, chosen with `Prefer: code=NNN` and
 * `Prefer: example=NAME` (RFC 7240), or with data generated from the response schema (`dynamic`, or
 * `Prefer: dynamic=true`). The runtime validates requests before these run and responses after.
 *
 * @example
 * const app = await createApp({ contract, handlers: mockHandlers(contract, { dynamic: false, seed: undefined }) });
 */
export function mockHandlers(contract: Contract, settings: MockSettings): Handlers {
  return Object.fromEntries(
    contract.operations.map((operation) => [operation.operationId, mockHandler(contract, operation, settings)]),
  );
}

interface Choice {
  readonly key: string;
  readonly status: number;
  readonly example: DeclaredExample | undefined;
  readonly mediaType: string | undefined;
}

function mockHandler(contract: Contract, operation: Operation, settings: MockSettings): AnyHandler {
  const examples = responseExamples(contract, operation);
  const keys = Object.keys(operation.responses).sort(byStatus);
  const respond = (context: HandlerContext): HandlerResult => {
    const preferences = parsePrefer(context.headers['prefer'] as string | string[] | undefined);
    const dynamic = settings.dynamic || preferences.get('dynamic') === 'true';
    const choice = choose(operation, keys, examples, preferences, dynamic);
    const applied = [
      ...(preferences.has('code') ? [`code=${choice.status}`] : []),
      ...(preferences.has('example') && choice.example?.name !== undefined
        ? [`example=${quoted(choice.example.name)}`]
        : []),
      ...(dynamic && choice.example === undefined && preferences.has('dynamic') ? ['dynamic=true'] : []),
    ];
    const response = operation.responses[choice.key];
    const mediaTypes = Object.keys(response?.content ?? {});
    const mediaType = choice.mediaType ?? mediaTypes[0];
    const headers: Record<string, string> = {};
    if (applied.length > 0) headers['preference-applied'] = applied.join(', ');
    if (mediaType !== undefined && mediaType !== mediaTypes[0]) headers['content-type'] = mediaType;
    const result = (body: unknown): HandlerResult =>
      body === undefined ? { status: choice.status, headers } : { status: choice.status, body, headers };
    if (mediaType === undefined) return result(undefined);
    if (choice.example !== undefined) return result(choice.example.value);
    const problemCode = problemCodes[choice.status];
    if (!dynamic && problemCode !== undefined && mediaType === 'application/problem+json') {
      const detail = `A mock ${choice.status} response of ${operation.operationId}; the contract declares no example.`;
      return result(context.problem(choice.status, problemCode, detail).body);
    }
    const schema: JsonSchema = response?.content[mediaType] ?? {};
    const random = randomFor(settings, dynamic, `${operation.operationId} ${choice.status} ${requestKey(context)}`);
    return result(generateFromSchema(schema, { random, preferSchemaExamples: !dynamic }));
  };
  // A promise even when `respond` throws, so that the runtime maps the error to its problem.
  return (context: HandlerContext) => Promise.resolve().then(() => respond(context));
}

/** Picks the response: the preferred code and example, else the lowest 2xx with an example, else the lowest 2xx. */
function choose(
  operation: Operation,
  keys: readonly string[],
  examples: ResponseExamples,
  preferences: ReadonlyMap<string, string>,
  dynamic: boolean,
): Choice {
  const code = preferences.get('code');
  let candidates = keys;
  let status: number | undefined;
  if (code !== undefined) {
    const key = /^[1-5]\d\d$/.test(code) ? responseKey(keys, code) : undefined;
    if (key === undefined) {
      throw new KeelError(
        'KEEL_MOCK_UNKNOWN_STATUS',
        `Prefer: code=${code} names no response of ${operation.operationId}; declared: ${keys.join(', ')}.`,
        { extensions: { declared: keys } },
      );
    }
    candidates = [key];
    status = Number(code);
  }
  const exampleName = preferences.get('example');
  if (exampleName !== undefined) {
    for (const key of candidates) {
      for (const [mediaType, list] of examples.get(key) ?? []) {
        const example = list.find((candidate) => candidate.name === exampleName);
        if (example !== undefined) return { key, status: status ?? statusOf(key), example, mediaType };
      }
    }
    const available = candidates.flatMap((key) =>
      [...(examples.get(key)?.values() ?? [])]
        .flat()
        .flatMap((example) => (example.name === undefined ? [] : [example.name])),
    );
    throw new KeelError(
      'KEEL_MOCK_UNKNOWN_EXAMPLE',
      `${operation.operationId} has no example named "${exampleName}"` +
        `${code === undefined ? '' : ` for ${code}`}; available: ${available.length === 0 ? 'none' : available.join(', ')}.`,
      { extensions: { available } },
    );
  }
  const firstExample = (key: string): { example: DeclaredExample; mediaType: string } | undefined => {
    for (const [mediaType, list] of examples.get(key) ?? []) {
      const [example] = list;
      if (example !== undefined) return { example, mediaType };
    }
    return undefined;
  };
  if (status !== undefined) {
    const key = candidates[0] as string;
    const found = dynamic ? undefined : firstExample(key);
    return { key, status, example: found?.example, mediaType: found?.mediaType };
  }
  const successes = keys.filter((key) => key.startsWith('2'));
  if (!dynamic) {
    for (const key of successes) {
      const found = firstExample(key);
      if (found !== undefined) return { key, status: statusOf(key), ...found };
    }
  }
  const key = successes[0] ?? keys.find((candidate) => candidate !== 'DEFAULT') ?? 'DEFAULT';
  return { key, status: statusOf(key), example: undefined, mediaType: undefined };
}

/** The response that answers a status: the exact code, then its range, then `default`, as the runtime looks it up. */
function responseKey(keys: readonly string[], code: string): string | undefined {
  return [code, `${code[0] ?? ''}XX`, 'DEFAULT'].find((key) => keys.includes(key));
}

function statusOf(key: string): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  if (/^[1-5]XX$/.test(key)) return Number(key[0]) * 100;
  return 200;
}

function byStatus(a: string, b: string): number {
  const rank = (key: string): number => (key === 'DEFAULT' ? 1000 : statusOf(key) + (key.endsWith('XX') ? 0.5 : 0));
  return rank(a) - rank(b);
}

function randomFor(settings: MockSettings, dynamic: boolean, request: string): Random {
  if (settings.seed !== undefined) return seededRandom(hashSeed(settings.seed, request));
  return dynamic ? Math.random : seededRandom(hashSeed(0, request));
}

function requestKey(context: HandlerContext): string {
  return JSON.stringify([context.params, context.query, context.body ?? null]);
}

function quoted(name: string): string {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}
