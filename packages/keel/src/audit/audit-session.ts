import type { Kysely } from 'kysely';
import type { AccessModel } from '../access/index.ts';
import type { Contract, Operation } from '../contract/index.ts';
import type { IdentityProvider } from '../identity/index.ts';
import type { SuiteContext } from '../tests/suite-context.ts';
import type { TestPrincipal, TestPrincipals } from '../tests/index.ts';
import { findingId, type AuditFinding, type EvidenceRequest } from './audit-finding.ts';
import { auditRule, type AuditRuleId } from './audit-rules.ts';
import type { AuditRequest, AuditResponse, Transport } from './transport.ts';

const bodyShown = 2000;

/** Stack frames, database error text and server paths: what an error body must never carry. */
const internals: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a stack trace', pattern: /\n\s+at [\w.<>[\] ]+ \(?[^)\n]*:\d+:\d+\)?/ },
  { what: 'a stack trace', pattern: /"stack"\s*:\s*"/ },
  {
    what: 'database error text',
    pattern:
      /syntax error at or near|unterminated quoted string|relation "[^"]+" does not exist|column "[^"]+" does not exist|duplicate key value violates|violates (foreign key|check|not-null) constraint|invalid input syntax for type|PG::|SQLSTATE|pg_catalog/i,
  },
  {
    what: 'SQL text',
    pattern: /\b(select\s+[\w*,\s."]+\s+from|insert\s+into|update\s+\w+\s+set|delete\s+from)\s+["\w.]+/i,
  },
  {
    what: 'an internal file path',
    pattern: /(\/home\/|\/usr\/src\/|\/var\/www\/|\/app\/src\/|node_modules\/|[A-Z]:\\\\)/,
  },
];

/** The scratch world the probes attack: the contract, the principals, the identifiers created in each tenant. */
export interface AuditWorld {
  readonly contract: Contract;
  readonly access: AccessModel | undefined;
  readonly principals: TestPrincipals;
  /** The tests stage's planner: tenant and identifier substitution, allowed and forbidden principals. */
  readonly planner: SuiteContext;
  readonly transport: Transport;
  /** The same API with its production rate limits, for the throttling probes; undefined when they cannot be told apart. */
  readonly throttled: Transport | undefined;
  /** The read limit the throttled app enforces, when known (in-process): how long a burst must be to meet it. */
  readonly readLimit?: { readonly max: number } | 'off' | undefined;
  /** In-process only: the scratch app's database and identity provider, for tokens an attacker could not make. */
  readonly inProcess: InProcessHandles | undefined;
}

export interface InProcessHandles {
  readonly db: Kysely<unknown>;
  readonly identity: IdentityProvider | undefined;
}

export interface FindingDraft {
  readonly rule: AuditRuleId;
  readonly operation: Operation | undefined;
  readonly variant: string;
  readonly title: string;
  readonly request: AuditRequest | undefined;
  readonly response: AuditResponse | undefined;
  readonly principal?: TestPrincipal | undefined;
  readonly fix?: string;
  readonly location?: { readonly file: string; readonly line?: number };
}

/** What the probes share while they run: the world, the findings so far, which rules and operations are in scope. */
export class AuditSession {
  readonly world: AuditWorld;
  readonly findings: AuditFinding[] = [];
  /** What a probe could not do, and why: reported beside the findings. */
  readonly notes: string[] = [];
  requests = 0;
  readonly #only: ReadonlySet<string> | undefined;
  readonly #ids = new Set<string>();

  constructor(world: AuditWorld, only?: ReadonlySet<string>) {
    this.world = world;
    this.#only = only;
  }

  /** Whether a rule is in scope (`--verify` re-runs only the rules of past findings). */
  wants(rule: AuditRuleId): boolean {
    return this.#only === undefined || this.#only.has(rule);
  }

  /** Sends a request as a principal (its credential headers added), watching the answer for 5xx, hangs and leaks. */
  async send(
    request: AuditRequest,
    as: { operation?: Operation | undefined; principal?: TestPrincipal | undefined; throttled?: boolean } = {},
  ): Promise<AuditResponse> {
    const transport = as.throttled === true ? (this.world.throttled ?? this.world.transport) : this.world.transport;
    const sent: AuditRequest = { ...request, headers: { ...as.principal?.headers, ...request.headers } };
    this.requests += 1;
    const response = await transport.send(sent);
    this.#watch(sent, response, as.operation, as.principal);
    return response;
  }

  #watch(request: AuditRequest, response: AuditResponse, operation: Operation | undefined, principal?: TestPrincipal) {
    const variant = `${request.method} ${request.url.split('?')[0]}`;
    if (response.timedOut) {
      this.report({
        rule: 'security/request-hangs',
        operation,
        variant,
        title: 'the request got no answer within 10 s',
        request,
        response,
        principal,
      });
      return;
    }
    if (response.status >= 500) {
      this.report({
        rule: 'security/server-error',
        operation,
        variant: String(response.status),
        title: `a hostile input got ${response.status}`,
        request,
        response,
        principal,
      });
    }
    if (response.status >= 400) {
      const leak = internals.find((candidate) => candidate.pattern.test(response.body));
      if (leak !== undefined) {
        this.report({
          rule: 'security/error-leaks-internals',
          operation,
          variant: leak.what,
          title: `an error response carries ${leak.what}`,
          request,
          response,
          principal,
        });
      }
    }
  }

  /** Records a finding once per rule, operation and variant. */
  report(draft: FindingDraft): void {
    if (!this.wants(draft.rule)) return;
    const id = findingId(draft.rule, draft.operation?.operationId, draft.variant);
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    const head = auditRule(draft.rule);
    const location =
      draft.location ??
      (draft.operation === undefined
        ? { file: this.world.contract.documents.root.path }
        : { file: draft.operation.location.file, line: draft.operation.location.line });
    this.findings.push({
      id,
      rule: head.id,
      category: head.category,
      severity: head.severity,
      operationId: draft.operation?.operationId,
      title: draft.title,
      fix: draft.fix ?? head.fix,
      variant: draft.variant,
      evidence:
        draft.request === undefined || draft.response === undefined
          ? undefined
          : { request: this.#redacted(draft.request, draft.principal), response: shownResponse(draft.response) },
      curl: draft.request === undefined ? undefined : this.curl(draft.request, draft.principal),
      location,
    });
  }

  #redacted(request: AuditRequest, principal: TestPrincipal | undefined): EvidenceRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {}))
      headers[name.toLowerCase()] = redact(name, value, principal);
    const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    return {
      method: request.method,
      url: request.url,
      headers,
      ...(body === undefined
        ? {}
        : { body: body.length > bodyShown ? `${body.slice(0, bodyShown)}… (${body.length} bytes)` : body }),
    };
  }

  /** A curl command repeating the request; a principal's credentials are named, never printed. */
  curl(request: AuditRequest, principal: TestPrincipal | undefined): string {
    const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
    const parts = [`curl -i -X ${request.method}`, quote(`${this.world.transport.baseUrl}${request.url}`)];
    const headers = { ...principal?.headers, ...request.headers };
    for (const [name, value] of Object.entries(headers))
      parts.push(`-H ${quote(`${name}: ${redact(name, value, principal)}`)}`);
    const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    if (body !== undefined) {
      if (request.rawBody === undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
        parts.push(`-H 'content-type: application/json'`);
      parts.push(
        body.length > bodyShown ? `--data-raw '<${body.length} bytes, see the finding>'` : `--data-raw ${quote(body)}`,
      );
    }
    return parts.join(' ');
  }
}

function redact(name: string, value: string, principal: TestPrincipal | undefined): string {
  if (principal?.headers[name.toLowerCase()] === value || principal?.headers[name] === value)
    return `<credential of ${describe(principal)}>`;
  if (/^(cookie|x-api-key)$/i.test(name)) return '<redacted>';
  return value;
}

export function describe(principal: TestPrincipal | undefined): string {
  if (principal === undefined) return 'no one';
  return principal.tenantLabel === undefined ? principal.role : `${principal.role} of tenant ${principal.tenantLabel}`;
}

function shownResponse(response: AuditResponse) {
  const keep = [
    'content-type',
    'location',
    'retry-after',
    'allow',
    'access-control-allow-origin',
    'access-control-allow-credentials',
    'www-authenticate',
  ];
  const headers: Record<string, string> = {};
  for (const name of keep) if (response.headers[name] !== undefined) headers[name] = response.headers[name];
  const body =
    response.body.length > bodyShown
      ? `${response.body.slice(0, bodyShown)}… (${response.body.length} bytes)`
      : response.body;
  return { status: response.status, headers, body, ...(response.timedOut ? { timedOut: true } : {}), ms: response.ms };
}
