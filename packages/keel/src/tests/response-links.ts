import type { LightMyRequestResponse } from 'fastify';
import type { Contract, Operation } from '../contract/index.ts';
import type { PlannedRequest } from './suite-context.ts';

/** An OpenAPI link from an operation's success response to another operation, with its parameters' expressions. */
export interface ResponseLink {
  readonly name: string;
  readonly target: Operation;
  /** Parameter name → runtime expression (`$response.body#/id`) or constant. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * The links an operation's 2xx responses declare (OpenAPI `links`, by `operationId` or a local `operationRef`), each
 * resolved to its target operation. Links that name no operation of the contract are left out.
 *
 * @example
 * responseLinks(contract, createNote); // [{ name: 'ReadNote', target: readNote, parameters: { key: '$response.body#/key' } }]
 */
export function responseLinks(contract: Contract, operation: Operation): ResponseLink[] {
  const document = contract.document;
  const item = resolve(document, (document['paths'] as Record<string, unknown> | undefined)?.[operation.path]);
  const responses = resolve(document, item?.[operation.method])?.['responses'];
  const links: ResponseLink[] = [];
  for (const [status, response] of Object.entries((responses ?? {}) as Record<string, unknown>)) {
    if (!/^2(\d\d|XX)$/.test(status)) continue;
    const declared = (resolve(document, response)?.['links'] ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(declared)) {
      const link = resolve(document, value);
      const target = link === undefined ? undefined : targetOf(contract, link);
      if (link === undefined || target === undefined) continue;
      links.push({ name, target, parameters: (link['parameters'] ?? {}) as Record<string, unknown> });
    }
  }
  return links;
}

/**
 * The values of a link's parameters after a request got its response: `$response.body#/pointer`,
 * `$response.header.Name`, `$request.path.name`, `$request.query.name`, `$request.body#/pointer`, or a constant.
 * A parameter whose expression finds nothing is left out.
 */
export function linkValues(
  link: ResponseLink,
  request: PlannedRequest,
  operation: Operation,
  response: LightMyRequestResponse,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, expression] of Object.entries(link.parameters)) {
    const value = evaluate(expression, request, operation, response);
    const key = name.includes('.') ? name.slice(name.indexOf('.') + 1) : name; // `path.id` names the location too
    if (value !== undefined) values[key] = value;
  }
  return values;
}

function evaluate(
  expression: unknown,
  request: PlannedRequest,
  operation: Operation,
  response: LightMyRequestResponse,
): string | undefined {
  if (typeof expression === 'number' || typeof expression === 'boolean') return String(expression);
  if (typeof expression !== 'string') return undefined;
  if (!expression.startsWith('$')) return expression;
  const [source, pointer] = expression.split('#');
  if (source === '$response.body') return scalar(pointAt(parse(response.body), pointer ?? ''));
  if (source === '$request.body') return scalar(pointAt(request.body, pointer ?? ''));
  if (expression.startsWith('$response.header.')) {
    const header = response.headers[expression.slice('$response.header.'.length).toLowerCase()];
    return typeof header === 'string' ? header : undefined;
  }
  if (expression.startsWith('$request.path.')) {
    const name = expression.slice('$request.path.'.length);
    const index = operation.path.split('/').indexOf(`{${name}}`);
    const segment = request.url.split('?')[0]?.split('/')[index];
    return index < 0 || segment === undefined ? undefined : decodeURIComponent(segment);
  }
  if (expression.startsWith('$request.query.')) {
    const search = new URLSearchParams(request.url.split('?')[1] ?? '');
    return search.get(expression.slice('$request.query.'.length)) ?? undefined;
  }
  return undefined;
}

function targetOf(contract: Contract, link: Record<string, unknown>): Operation | undefined {
  const { operationId, operationRef } = link;
  if (typeof operationId === 'string') {
    return contract.operations.find((operation) => operation.operationId === operationId);
  }
  if (typeof operationRef !== 'string' || !operationRef.startsWith('#/paths/')) return undefined;
  const [path, method] = operationRef
    .slice('#/paths/'.length)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'));
  return contract.operations.find((operation) => operation.path === path && operation.method === method);
}

/** A value of the root document, its local `$ref` (`#/components/links/…`) followed. */
function resolve(document: Readonly<Record<string, unknown>>, value: unknown): Record<string, unknown> | undefined {
  let current = value;
  for (let hops = 0; hops < 10 && isRecord(current) && typeof current['$ref'] === 'string'; hops += 1) {
    const ref = current['$ref'];
    current = ref.startsWith('#') ? pointAt(document, ref.slice(1)) : undefined;
  }
  return isRecord(current) ? current : undefined;
}

function pointAt(value: unknown, pointer: string): unknown {
  let current = value;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    current = isRecord(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
