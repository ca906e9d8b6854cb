import type { LightMyRequestResponse } from 'fastify';
import type { AccessModel } from '../access/index.ts';
import { includedRoles } from '../access/index.ts';
import type { Operation } from '../contract/index.ts';
import type { KeelApp } from '../runtime/index.ts';
import { ResponseChecker } from './response-check.ts';
import { savedCaseOf, type SavedCase } from './saved-case.ts';
import type { TestPrincipal, TestPrincipals } from './suite-principals.ts';

/** The rules of the generated suites; each failing case is reported under one. */
export const generatedRuleIds = [
  'tests/server-error',
  'tests/response-off-contract',
  'tests/valid-request-rejected',
  'tests/invalid-input-accepted',
  'tests/missing-credentials-accepted',
  'tests/forbidden-role-allowed',
  'tests/other-tenant-reachable',
  'tests/undeclared-method',
  'tests/created-not-readable',
  'tests/use-after-delete',
  'tests/failed-create-leaves-data',
] as const;

export type GeneratedRuleId = (typeof generatedRuleIds)[number];

/** A request as the suites build it, before it is sent. */
export interface PlannedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Who sends it, for the printed reproduction (credentials are not printed). */
  readonly principal: TestPrincipal | undefined;
}

/** A generated case that failed: its rule, what was expected, and how to reproduce it. */
export interface CaseFailure {
  readonly rule: GeneratedRuleId;
  readonly operationId: string;
  readonly message: string;
  readonly status: number;
  readonly curl: string;
  readonly request: { readonly method: string; readonly url: string; readonly body?: unknown; readonly as: string };
  /** The case as a regression test replays it, when it can be replayed on a fresh database. */
  readonly saved?: SavedCase;
}

/** What the generated suites share while they run: the app, its principals, the ids created so far, the failures. */
export class SuiteContext {
  readonly app: KeelApp;
  readonly access: AccessModel | undefined;
  readonly principals: TestPrincipals;
  readonly seed: number;
  readonly checker = new ResponseChecker();
  readonly failures: CaseFailure[] = [];
  requests = 0;
  /** Valid requests answered 2xx: proof that the suites reached the handlers rather than bouncing off the gate. */
  accepted = 0;
  /** Ids created per collection (the last static segment of a create's path) and tenant label. */
  readonly created = new Map<string, string[]>();
  /** The request that created each id, kept after a delete: a saved case creates what it names first. */
  readonly #creators = new Map<string, PlannedRequest>();
  readonly #seen = new Set<string>();

  constructor(app: KeelApp, access: AccessModel | undefined, principals: TestPrincipals, seed: number) {
    this.app = app;
    this.access = access;
    this.principals = principals;
    this.seed = seed;
  }

  async send(request: PlannedRequest): Promise<LightMyRequestResponse> {
    this.requests += 1;
    const hasBody = request.body !== undefined;
    return this.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...request.headers },
      ...(hasBody ? { payload: JSON.stringify(request.body) } : {}),
    });
  }

  /**
   * Records a failure once per rule, operation and message (a hundred samples failing alike are one finding); `before`
   * are requests the case needs first besides the creates of what it names (a delete before the read that fails).
   */
  fail(
    rule: GeneratedRuleId,
    operation: Operation,
    message: string,
    request: PlannedRequest,
    response: LightMyRequestResponse,
    before: readonly PlannedRequest[] = [],
  ): void {
    const key = `${rule}\u0000${operation.operationId}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const detail = problemDetail(response);
    const saved = savedCaseOf(rule, operation.operationId, request, this.principals.tenants, this.#creators, before);
    this.failures.push({
      rule,
      operationId: operation.operationId,
      message: detail === undefined ? message : `${message} (${detail})`,
      status: response.statusCode,
      curl: curlOf(request),
      request: {
        method: request.method,
        url: request.url,
        ...(request.body === undefined ? {} : { body: request.body }),
        as: describePrincipal(request.principal),
      },
      ...(saved === undefined ? {} : { saved }),
    });
  }

  /** Every role a principal holds: its own, those it includes, and the public ones everyone with its credentials has. */
  heldRoles(principal: TestPrincipal): Set<string> {
    const access = this.access;
    if (access === undefined) return new Set([principal.role]);
    const held = new Set(includedRoles(access, principal.role));
    for (const role of access.roles) {
      if (role.kind === 'anonymous' || (role.kind === 'authenticated' && principal.scheme !== undefined))
        held.add(role.name);
    }
    return held;
  }

  /** Whether the operation's security requirements accept the principal's credentials (none for a public one). */
  accepts(operation: Operation, principal: TestPrincipal): boolean {
    if (principal.scheme === undefined || operation.security.length === 0) return true;
    return operation.security.some((requirement) => principal.scheme !== undefined && principal.scheme in requirement);
  }

  /** Principals of tenant `a` (or tenant-less) whose roles the operation allows without a condition, most privileged first. */
  allowedPrincipals(operation: Operation, label: 'a' | 'b' = 'a'): TestPrincipal[] {
    if (this.access === undefined) return [...this.principals.principals];
    const entry = this.access.operations.find((candidate) => candidate.operationId === operation.operationId);
    if (entry === undefined) return [];
    const access = this.access;
    const unconditional = new Set(
      entry.allow.filter((allowance) => allowance.condition === undefined).map((allowance) => allowance.role),
    );
    return this.principals.principals
      .filter((principal) => principal.tenantLabel === undefined || principal.tenantLabel === label)
      .filter((principal) => this.accepts(operation, principal))
      .filter((principal) => [...this.heldRoles(principal)].some((role) => unconditional.has(role)))
      .sort(
        (a, b) =>
          tenantFirst(a, b) ||
          includedRoles(access, b.role).length - includedRoles(access, a.role).length ||
          (a.scheme === b.scheme ? 0 : a.headers['authorization'] === undefined ? 1 : -1),
      );
  }

  /** Principals of tenant `a` whose credentials the operation takes but who hold none of the roles it allows. */
  forbiddenPrincipals(operation: Operation): TestPrincipal[] {
    const entry = this.access?.operations.find((candidate) => candidate.operationId === operation.operationId);
    if (entry === undefined) return [];
    const allowed = new Set(entry.allow.map((allowance) => allowance.role));
    return this.principals.principals.filter(
      (principal) =>
        principal.tenantLabel === 'a' &&
        this.accepts(operation, principal) &&
        ![...this.heldRoles(principal)].some((role) => allowed.has(role)),
    );
  }

  isPublic(operationId: string): boolean {
    const entry = this.access?.operations.find((operation) => operation.operationId === operationId);
    if (this.access === undefined) return true;
    const access = this.access;
    return (
      entry?.allow.some(
        (allowance) => access.roles.find((role) => role.name === allowance.role)?.kind === 'anonymous',
      ) ?? false
    );
  }

  /** Remembers a created id; with the request that created it, a saved case can create it again. */
  remember(collection: string, label: 'a' | 'b', id: string, creation?: PlannedRequest): void {
    if (creation !== undefined) this.#creators.set(id, creation);
    const key = `${collection}\u0000${label}`;
    const ids = this.created.get(key) ?? [];
    ids.push(id);
    this.created.set(key, ids);
  }

  createdIn(collection: string, label: 'a' | 'b'): string | undefined {
    return this.created.get(`${collection}\u0000${label}`)?.at(-1);
  }

  forget(collection: string, label: 'a' | 'b', id: string): void {
    const key = `${collection}\u0000${label}`;
    const ids = this.created.get(key);
    if (ids !== undefined)
      this.created.set(
        key,
        ids.filter((known) => known !== id),
      );
  }
}

function tenantFirst(a: TestPrincipal, b: TestPrincipal): number {
  return (a.tenantLabel === undefined ? 1 : 0) - (b.tenantLabel === undefined ? 1 : 0);
}

export function describePrincipal(principal: TestPrincipal | undefined): string {
  if (principal === undefined) return 'no credentials';
  if (principal.tenantLabel === undefined) return principal.role;
  return `${principal.role} of tenant ${principal.tenantLabel}`;
}

/** A curl command that repeats the request against `keel serve`, credentials named rather than printed. */
export function curlOf(request: PlannedRequest): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const parts = [`curl -i -X ${request.method}`, quote(`http://localhost:3000${request.url}`)];
  for (const [name, value] of Object.entries(request.headers)) {
    const shown =
      request.principal?.headers[name] !== undefined ? `<${describePrincipal(request.principal)}'s credential>` : value;
    parts.push(`-H ${quote(`${name}: ${shown}`)}`);
  }
  if (request.body !== undefined)
    parts.push(`-H 'content-type: application/json' --data-raw ${quote(JSON.stringify(request.body))}`);
  return parts.join(' ');
}

function problemDetail(response: LightMyRequestResponse): string | undefined {
  if (!(response.headers['content-type'] ?? '').includes('json') || response.statusCode < 400) return undefined;
  try {
    const body = JSON.parse(response.body) as { code?: unknown; detail?: unknown };
    const parts = [body.code, body.detail].filter((part): part is string => typeof part === 'string');
    return parts.length === 0 ? undefined : parts.join(': ').slice(0, 300);
  } catch {
    return undefined;
  }
}
