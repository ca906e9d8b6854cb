import fc from 'fast-check';
import type { JsonSchema, Operation } from '../contract/index.ts';
import { schemaArbitrary } from './schema-arbitrary.ts';
import type { PlannedRequest, SuiteContext } from './suite-context.ts';
import type { TestPrincipal } from './suite-principals.ts';

const opaqueToken = /cursor|token|^after$|^before$/i;

/** The JSON body schema of an operation, when it takes one. */
export function jsonBodySchema(operation: Operation): JsonSchema | undefined {
  const content = operation.requestBody?.content ?? {};
  const mediaType = Object.keys(content).find((candidate) => /json/.test(candidate));
  return mediaType === undefined ? undefined : content[mediaType];
}

/** `/v1/orgs/{orgId}/resources/{resourceId}` → the collection a parameter names: `resources` for `resourceId`. */
export function collectionOf(path: string, parameter: string): string | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  const index = segments.indexOf(`{${parameter}}`);
  const before = index > 0 ? segments[index - 1] : undefined;
  return before !== undefined && !before.startsWith('{') ? before : undefined;
}

/** The collection a create operation adds to: the last static segment of its path (`POST /orgs/{orgId}/items`). */
export function createdCollection(operation: Operation): string | undefined {
  if (operation.method !== 'post' || operation.path.endsWith('}')) return undefined;
  return operation.path
    .split('/')
    .filter((segment) => segment !== '')
    .at(-1);
}

/** `resourceId` → `resources`: a property naming another collection's identifier, by the usual plural. */
function collectionForProperty(property: string): string[] {
  const match = /^(.+?)_?[Ii]d$/.exec(property);
  if (match === null) return [];
  const stem = (match[1] as string).toLowerCase();
  return [`${stem}s`, `${stem}es`, stem.endsWith('y') ? `${stem.slice(0, -1)}ies` : stem];
}

export interface PlanOptions {
  readonly principal: TestPrincipal | undefined;
  /** The tenant the path names: the principal's by default. */
  readonly pathTenant?: 'a' | 'b';
  /** Tenant whose created ids fill identifier parameters: the path tenant's by default. */
  readonly idsFrom?: 'a' | 'b';
  readonly body?: unknown;
}

/**
 * Samples of values for an operation's parameters and body, reproducible by seed: path and query parameters from their
 * schemas, the tenant parameter from the principal, identifiers from what earlier requests created.
 */
export function sampleInputs(
  operation: Operation,
  seed: number,
  runs: number,
): { params: Record<string, unknown>; body: unknown }[] {
  // Opaque continuation tokens cannot be made up: an optional cursor is left out rather than sent invented.
  const parameters = operation.parameters.filter(
    (parameter) =>
      (parameter.in === 'path' || parameter.in === 'query') &&
      (parameter.required || !opaqueToken.test(parameter.name)),
  );
  const paramShape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of parameters) paramShape[parameter.name] = schemaArbitrary(parameter.schema);
  const required = parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  const bodySchema = jsonBodySchema(operation);
  const arbitrary = fc.record({
    params: fc.record(paramShape, { requiredKeys: required }),
    body: bodySchema === undefined ? fc.constant(undefined) : schemaArbitrary(bodySchema),
  });
  return fc.sample(arbitrary, { seed: seed ^ hash(operation.operationId), numRuns: runs });
}

/** Builds the request for sampled inputs, with the tenant and identifiers the suites know substituted in. */
export function planRequest(
  context: SuiteContext,
  operation: Operation,
  sample: { params: Record<string, unknown>; body: unknown },
  options: PlanOptions,
): PlannedRequest {
  const tenantParameter = context.access?.tenancy?.parameter.value;
  const pathTenant = options.pathTenant ?? options.principal?.tenantLabel ?? 'a';
  const idsFrom = options.idsFrom ?? pathTenant;
  const tenants = context.principals.tenants;
  let url = operation.path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    let value = sample.params[parameter.name];
    if (parameter.in === 'path') {
      if (parameter.name === tenantParameter && tenants !== undefined) value = tenants[pathTenant];
      const collection = collectionOf(operation.path, parameter.name);
      const known = collection === undefined ? undefined : context.createdIn(collection, idsFrom);
      if (parameter.name !== tenantParameter && known !== undefined) value = known;
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    } else if (parameter.in === 'query' && value !== undefined) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(parameter.name, String(item));
    }
  }
  const search = query.toString();
  let body = options.body ?? sample.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    body = linkIdentifiers(context, body as Record<string, unknown>, idsFrom);
    body = writableOnly(context, operation, body as Record<string, unknown>, options.principal);
  }
  return {
    method: operation.method.toUpperCase(),
    url: search === '' ? url : `${url}?${search}`,
    headers: { ...options.principal?.headers },
    ...(body === undefined ? {} : { body }),
    principal: options.principal,
  };
}

/** Body properties naming another collection's identifier get one created earlier, so the request can succeed. */
function linkIdentifiers(
  context: SuiteContext,
  body: Record<string, unknown>,
  label: 'a' | 'b',
): Record<string, unknown> {
  const linked = { ...body };
  for (const name of Object.keys(linked)) {
    for (const collection of collectionForProperty(name)) {
      const id = context.createdIn(collection, label);
      if (id !== undefined) {
        linked[name] = id;
        break;
      }
    }
  }
  return linked;
}

/** Drops the properties access.yaml does not let the principal's role write (required ones stay). */
function writableOnly(
  context: SuiteContext,
  operation: Operation,
  body: Record<string, unknown>,
  principal: TestPrincipal | undefined,
): Record<string, unknown> {
  const entry = context.access?.operations.find((candidate) => candidate.operationId === operation.operationId);
  if (entry === undefined || principal === undefined) return body;
  const held = context.heldRoles(principal);
  const rules = entry.fields.write.filter((candidate) => held.has(candidate.role));
  if (rules.length === 0) return body;
  const writable = new Set(rules.flatMap((rule) => rule.properties.map((property) => property.value)));
  return Object.fromEntries(Object.entries(body).filter(([name]) => writable.has(name)));
}

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (Math.imul(value, 31) + char.charCodeAt(0)) | 0;
  return value;
}
