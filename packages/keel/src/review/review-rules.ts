import type { ReviewSeverity, ReviewSource } from './review-finding.ts';

/** A rule of the review: what it checks and how bad a finding is unless keel.yaml re-levels it. */
export interface ReviewRule {
  readonly id: string;
  readonly severity: ReviewSeverity;
  readonly source: ReviewSource;
  /** One sentence: what holds when the rule is quiet. */
  readonly summary: string;
  readonly fix: string;
}

const rule = (
  id: string,
  severity: ReviewSeverity,
  source: ReviewSource,
  summary: string,
  fix: string,
): ReviewRule => ({ id: `review/${id}`, severity, source, summary, fix });

/** Every rule `keel review` reports under its own id, in the order docs/review.md lists them. */
export const reviewRules: readonly ReviewRule[] = [
  rule('type-error', 'high', 'typescript', 'The changed code type-checks.', 'Correct the type error TypeScript names.'),
  rule(
    'floating-promise',
    'high',
    'eslint',
    'Every promise is awaited, returned or explicitly handled.',
    'Await the promise, return it, or end it with .catch() that handles the error; `void` marks a deliberate fire-and-forget.',
  ),
  rule(
    'lint',
    'low',
    'eslint',
    "The changed code passes typescript-eslint's type-aware recommended rules.",
    'Follow the rule named in the message (typescript-eslint.io/rules lists each).',
  ),
  rule(
    'raw-sql-interpolation',
    'high',
    'keel-plugin',
    'SQL is never built by string interpolation; with request data the finding is a blocker.',
    'Bind values as parameters: the Kysely builder, or sql`… ${value}` (a tagged template binds, it does not splice).',
  ),
  rule(
    'unscoped-query',
    'high',
    'keel-plugin',
    "Handlers query through the context's db: the request's transaction under row-level security.",
    'Use `db` from the handler context, and pass it to helpers as a parameter.',
  ),
  rule(
    'undeclared-request-field',
    'high',
    'keel-plugin',
    'Handlers read only request fields the contract declares (and so validates).',
    'Declare the field in openapi.yaml (then `keel gen`), or stop reading it.',
  ),
  rule(
    'error-without-code',
    'medium',
    'keel-plugin',
    'Errors that reach a client carry a stable code.',
    'Return problem(status, CODE, detail) for a failure the handler decides on; throw a KeelError with a registry code otherwise.',
  ),
  rule(
    'swallowed-error',
    'high',
    'keel-plugin',
    'No catch block or .catch() handler drops the error.',
    'Handle the error (answer a problem, return a fallback the contract allows) or rethrow it.',
  ),
  rule(
    'secret-in-log',
    'high',
    'keel-plugin',
    'No token, password, API key or request headers are written to logs.',
    'Log an identifier (a key id, a hash prefix), never the credential.',
  ),
  rule(
    'unchecked-outbound-url',
    'high',
    'keel-plugin',
    'Outbound requests to URLs from the request are checked against an allow-list (no SSRF).',
    'Parse the URL and check its host against an allow-list (a Set of hosts) before the request.',
  ),
  rule(
    'unbounded-list-query',
    'high',
    'keel-plugin',
    'Every query of a list operation has a limit.',
    'Add .limit(pageSize + 1) with a cursor (the flagship pages with keyset cursors, ADR-0007).',
  ),
  rule(
    'write-in-read',
    'high',
    'keel-plugin',
    'No handler of a GET or HEAD operation writes: reads change nothing, and run without a transaction (decision record 0014).',
    'Move the write to a POST, PUT, PATCH or DELETE operation; a GET that must record something (an audit trail) logs it instead.',
  ),
  rule(
    'breaking-contract-change',
    'high',
    'contract',
    'The change does not break clients of the base contract (or the version says so).',
    'Make the change additive, or release it as a new major version (docs/contract-diff.md lists every change class).',
  ),
  rule(
    'possibly-breaking-contract-change',
    'medium',
    'contract',
    'The change makes no contract change that may break clients.',
    'Check the clients that depend on it; docs/contract-diff.md says when each class breaks.',
  ),
  rule(
    'stage-finding',
    'high',
    'review',
    'The change adds no error to the gates of the earlier stages (contract, migration lint, access design, architecture).',
    'Fix the finding as its stage rule says (`keel check <stage>`).',
  ),
  rule(
    'stage-warning',
    'medium',
    'review',
    'The change adds no warning to the gates of the earlier stages.',
    'Read the warning as its stage rule explains it (`keel check <stage>`); re-level it in keel.yaml with a reason if it is accepted.',
  ),
  rule(
    'migration-edited',
    'high',
    'model',
    'Migrations already in the base are never edited or deleted: databases have applied them.',
    'Revert the edit and write a new migration that makes the change.',
  ),
  rule(
    'committed-secret',
    'blocker',
    'secrets',
    'No credential in a known key format is committed.',
    'Remove it from the change (and from history), revoke it, and read it from the environment or a secret store.',
  ),
  rule(
    'high-entropy-string',
    'medium',
    'secrets',
    'No random-looking string that may be a credential is committed.',
    'If it is a credential, remove and revoke it; if not (a test vector, a hash), allow it in keel.yaml under review.rules with a reason.',
  ),
  rule(
    'dependency-licence',
    'high',
    'dependencies',
    'New dependencies carry no copyleft licence (GPL, AGPL, LGPL, SSPL, …).',
    'Choose a dependency with a permissive licence, or record in keel.yaml (review.rules) why this one is acceptable.',
  ),
  rule(
    'dependency-licence-unknown',
    'medium',
    'dependencies',
    "New dependencies declare a licence on Keel's list of permissive ones.",
    'Read the licence; choose another dependency, or record in keel.yaml (review.rules) why this one is acceptable.',
  ),
  rule(
    'dependency-install-script',
    'medium',
    'dependencies',
    'New dependencies run no install scripts.',
    'Prefer a dependency without install scripts; if it needs one, review the script and allow it explicitly.',
  ),
  rule(
    'dependency-advisory',
    'high',
    'dependencies',
    'New dependencies have no known advisory (npm audit).',
    'Upgrade to a fixed version (`npm audit` names it) or choose another dependency.',
  ),
  rule(
    'check-unavailable',
    'info',
    'review',
    'Every check of the review could run.',
    'Read the message: it says which check did not run and why (e.g. the registry did not answer npm audit).',
  ),
];

export const reviewRuleById: ReadonlyMap<string, ReviewRule> = new Map(reviewRules.map((entry) => [entry.id, entry]));

export function reviewRule(id: string): ReviewRule {
  const found = reviewRuleById.get(id);
  if (found === undefined) throw new Error(`undeclared review rule ${id}`);
  return found;
}
