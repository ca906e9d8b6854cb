import type { ApiSurface, SecurityAlternative, SurfaceOperation } from './api-surface.ts';
import type { ChangeSink } from './change-collector.ts';
import { canonical } from './schema-keywords.ts';

/**
 * Compares the security requirements of one operation. Requirements are alternatives (any one will do), each a set
 * of schemes that must all be satisfied: a client keeps working if some head alternative asks no more than the base
 * alternative it already satisfies.
 */
export function diffOperationSecurity(base: SurfaceOperation, head: SurfaceOperation, sink: ChangeSink): void {
  const before = base.security.alternatives;
  const after = head.security.alternatives;
  const operations = [head.label];
  const baseAt = base.security.at.value === undefined ? base.at : base.security.at;
  const headAt = head.security.at.value === undefined ? head.at : head.security.at;
  const anonymous = (alternatives: readonly SecurityAlternative[]): boolean =>
    alternatives.length === 0 || alternatives.some((alternative) => alternative.size === 0);
  for (const alternative of before.length === 0 ? [new Map<string, ReadonlySet<string>>()] : before) {
    if (anonymous(after) || after.some((candidate) => coveredBy(candidate, alternative))) continue;
    if (alternative.size === 0) {
      sink.add(
        'security-requirement-added',
        `${head.label} now requires ${describeAll(after)}`,
        baseAt,
        headAt,
        operations,
      );
      continue;
    }
    const sameSchemes = after.find((candidate) => sameKeys(candidate, alternative));
    if (sameSchemes !== undefined) {
      const extra = [...sameSchemes].flatMap(([scheme, scopes]) =>
        [...scopes]
          .filter((scope) => alternative.get(scheme)?.has(scope) !== true)
          .map((scope) => `${scheme}:${scope}`),
      );
      sink.add(
        'security-scope-added',
        `${head.label} now requires the scopes ${extra.join(', ')}`,
        baseAt,
        headAt,
        operations,
      );
      continue;
    }
    sink.add(
      'security-scheme-removed',
      `${head.label} no longer accepts ${describe(alternative)}; it requires ${describeAll(after)}`,
      baseAt,
      headAt,
      operations,
    );
  }
  if (anonymous(after) && !anonymous(before)) {
    sink.add(
      'security-requirement-removed',
      `${head.label} no longer requires credentials`,
      baseAt,
      headAt,
      operations,
    );
    return;
  }
  if (anonymous(before)) return; // the new requirement is reported above
  for (const alternative of after) {
    if (alternative.size === 0 || before.some((candidate) => equal(candidate, alternative))) continue;
    const sameSchemes = before.find((candidate) => sameKeys(candidate, alternative));
    if (sameSchemes !== undefined) {
      if (coveredBy(alternative, sameSchemes)) {
        sink.add(
          'security-scope-removed',
          `${head.label} needs fewer scopes: ${describe(alternative)}`,
          baseAt,
          headAt,
          operations,
        );
      }
      continue;
    }
    if (!before.some((candidate) => coveredBy(candidate, alternative))) {
      sink.add(
        'security-scheme-added',
        `${head.label} also accepts ${describe(alternative)}`,
        baseAt,
        headAt,
        operations,
      );
    }
  }
}

/** Security scheme definitions that changed how credentials are sent, reported once with every operation using them. */
export function diffSecuritySchemes(base: ApiSurface, head: ApiSurface, sink: ChangeSink): void {
  for (const [name, before] of base.securitySchemes) {
    const after = head.securitySchemes.get(name);
    if (after === undefined) continue; // operations that used it report the loss
    const fields = (value: Readonly<Record<string, unknown>>): string =>
      canonical({
        type: value['type'],
        scheme: typeof value['scheme'] === 'string' ? value['scheme'].toLowerCase() : value['scheme'],
        in: value['in'],
        name: value['name'],
        bearerFormat: value['bearerFormat'],
        openIdConnectUrl: value['openIdConnectUrl'],
        flows: flowEndpoints(value['flows']),
      });
    if (fields(before.value) === fields(after.value)) continue;
    const users = [...head.operations.values()]
      .filter((operation) => operation.security.alternatives.some((alternative) => alternative.has(name)))
      .map((operation) => operation.label);
    sink.add(
      'security-scheme-changed',
      `security scheme ${name} changed how credentials are sent (${describeScheme(before.value)} → ${describeScheme(after.value)})`,
      before,
      after,
      users,
    );
  }
}

function flowEndpoints(flows: unknown): unknown {
  if (typeof flows !== 'object' || flows === null) return undefined;
  return Object.fromEntries(
    Object.entries(flows as Record<string, Record<string, unknown>>).map(([flow, value]) => [
      flow,
      { authorizationUrl: value['authorizationUrl'], tokenUrl: value['tokenUrl'] },
    ]),
  );
}

function describeScheme(value: Readonly<Record<string, unknown>>): string {
  const parts = [value['type'], value['scheme'], value['in'], value['name']].filter((part) => typeof part === 'string');
  return parts.join(' ');
}

/** Whether satisfying `held` also satisfies `needed`. */
function coveredBy(needed: SecurityAlternative, held: SecurityAlternative): boolean {
  return [...needed].every(([scheme, scopes]) => {
    const have = held.get(scheme);
    return have !== undefined && [...scopes].every((scope) => have.has(scope));
  });
}

function equal(a: SecurityAlternative, b: SecurityAlternative): boolean {
  return coveredBy(a, b) && coveredBy(b, a);
}

function sameKeys(a: SecurityAlternative, b: SecurityAlternative): boolean {
  return a.size === b.size && [...a.keys()].every((key) => b.has(key));
}

function describe(alternative: SecurityAlternative): string {
  if (alternative.size === 0) return 'anonymous access';
  return [...alternative]
    .map(([scheme, scopes]) => (scopes.size === 0 ? scheme : `${scheme} (${[...scopes].join(', ')})`))
    .join(' + ');
}

function describeAll(alternatives: readonly SecurityAlternative[]): string {
  return alternatives.map(describe).join(' or ');
}
