import type { KeelConfig } from '../project/index.ts';
import type { StageId } from '../journey/stage-id.ts';
import type { FindingAction } from './playbook.ts';

/**
 * What a playbook says about a stage beyond what the registry knows: how to go about it, which commands help, and what
 * to do about its findings. The rules, the artifacts and the inputs come from the stage itself when Keel has its gate;
 * `paths` stands in for them while it does not.
 */
export interface StageGuide {
  readonly stage: StageId;
  readonly title: string;
  readonly purpose: string;
  /** When an agent should pick this playbook, for skill and rule descriptions. */
  readonly useWhen: string;
  readonly conventions: readonly string[];
  readonly command: string;
  readonly helpers: readonly { readonly command: string; readonly use: string }[];
  readonly findings: readonly FindingAction[];
  /** What to read besides the upstream stages' artifacts. */
  readonly alsoReads?: readonly string[];
  /** Artifacts and globs for a stage whose gate is not in this Keel yet (and extra globs for one that is). */
  readonly paths: (config: KeelConfig) => {
    readonly produces: readonly string[];
    readonly appliesTo: readonly string[];
  };
}

const migrationsGlob = (config: KeelConfig) => `${config.migrations}/**/*.sql`;

export const stageGuides: readonly StageGuide[] = [
  {
    stage: 'requirements',
    title: 'Requirements',
    purpose:
      'Write down who uses the service, what each of them does with it (operations), the business rules it obeys and the numbers it must meet, each with a stable ID that every later stage cites. Nothing else is designed before this passes.',
    useWhen: 'Use when writing or changing requirements.yaml, or when a feature request has no requirement ID yet.',
    alsoReads: ['keel.yaml', 'README.md (what the service is for, when it says)'],
    conventions: [
      'IDs are stable and never reused: R-<AREA>-<n> for operations, BR-<AREA>-<n> for business rules, AC-<AREA>-<n>-<m> for acceptance criteria, NFR-<n> for targets.',
      'Every operation names its actor and has acceptance criteria in given/when/then form; every business rule is covered by a criterion.',
      'Non-functional targets are numbers with units (p95 under 200 ms, 99.9% monthly), never "fast" or "secure".',
      'Ask the human when a requirement is ambiguous; do not invent business rules.',
    ],
    command: 'keel check requirements',
    helpers: [{ command: 'keel trace <ID>', use: 'see what cites a requirement before changing or removing it' }],
    findings: [
      { kind: 'vague word', action: 'Replace it with a measurable statement, asking the human for the number.' },
      {
        kind: 'uncovered rule or operation without criteria',
        action: 'Add a given/when/then criterion that would fail if the rule were broken.',
      },
    ],
    paths: (config) => ({ produces: [config.requirements], appliesTo: [config.requirements] }),
  },
  {
    stage: 'architecture',
    title: 'Architecture',
    purpose:
      'Split the service into modules that own operations and tables, declare which module may import which, and record every expensive-to-reverse decision (persistence, tenancy, authentication, versioning, error format, identifiers, pagination) as an accepted decision record that weighs options.',
    useWhen:
      'Use when adding a module, moving code between modules, or deciding persistence, tenancy, authentication, versioning, error format, identifiers or pagination.',
    conventions: [
      'One decision record per topic under the decisions folder, numbered NNNN-title.md, with front matter (id, status, topics) and at least two options weighed.',
      'Every requirement operation is owned by exactly one module; a module imports only what architecture.yaml allows.',
      'Change an accepted decision by writing a new record that supersedes it, never by editing history.',
    ],
    command: 'keel check architecture',
    helpers: [
      { command: 'keel trace <module or ADR id>', use: 'see what a module owns and which decisions address it' },
    ],
    findings: [
      {
        kind: 'boundary violation (an import a module may not make)',
        action:
          'Move the code to the module that owns it or go through the allowed module; change the dependency rule only with a decision record.',
      },
      {
        kind: 'missing decision for a topic',
        action: 'Write the decision record with the options and their trade-offs, and ask the human to accept it.',
      },
    ],
    paths: (config) => ({
      produces: [config.architecture, `${config.decisions}/NNNN-*.md`],
      appliesTo: [config.architecture, `${config.decisions}/**/*.md`],
    }),
  },
  {
    stage: 'contract',
    title: 'API contract',
    purpose:
      'Design the operations clients build against as an OpenAPI 3.1 document: paths, parameters, bodies, responses, errors, security and versioning. It is checked by structure, by Spectral and OWASP rules and by Keel’s own, and each operation traces to a requirement. The runtime serves exactly this contract.',
    useWhen: 'Use when adding or changing an endpoint, a request or response shape, or an error response.',
    conventions: [
      'Every operation has an operationId, a tag naming its module and `x-requirements` listing the requirement IDs it serves.',
      'Errors are RFC 9457 problem details; every operation declares its 4xx responses; examples validate against their schemas.',
      'A change that breaks clients needs a new major version: check it with `keel contract diff` against the last release.',
      'Design the contract before the handler; handlers are typed from it by `keel gen`.',
    ],
    command: 'keel check contract',
    helpers: [
      {
        command: 'keel contract diff <REV>:',
        use: 'classify changes against a release (breaking, possibly, non-breaking)',
      },
      { command: 'keel mock', use: 'serve the contract before handlers exist' },
      { command: 'keel gen', use: 'regenerate the handler types from the contract' },
    ],
    findings: [
      {
        kind: 'operation without a requirement',
        action: 'Cite the requirement in `x-requirements`, or ask whether one is missing.',
      },
      {
        kind: 'breaking change',
        action: 'Make the change additive, or bump the major version with the human’s agreement.',
      },
    ],
    paths: (config) => ({ produces: [config.contract], appliesTo: [config.contract, 'schemas/**/*.yaml'] }),
  },
  {
    stage: 'model',
    title: 'Data model',
    purpose:
      'Write the tables as numbered, reversible SQL migrations that are safe on a live database; the contract and the schema must agree, and every declared list query must use an index on seeded data (queries.yaml).',
    useWhen: 'Use when adding or changing a table, a column, an index, a constraint or a list query.',
    conventions: [
      'Never edit an applied migration: add a new NNNN_name.sql with `-- migrate:up` and a `-- migrate:down` that restores the catalog exactly.',
      'Indexes on live tables are created concurrently; destructive changes go through expand and contract over two releases.',
      'Declare each list query the handlers run in queries.yaml; its plan must use an index.',
      'Run `keel gen` after a migration so the database types follow.',
    ],
    command: 'keel check model',
    helpers: [
      { command: 'keel db migrate', use: 'apply pending migrations to the development database' },
      { command: 'keel gen', use: 'regenerate the database types' },
    ],
    findings: [
      {
        kind: 'query plan without an index',
        action:
          'Add the index the finding suggests in a new migration (create index concurrently …), then check again.',
      },
      {
        kind: 'contract and schema disagree',
        action: 'Decide which one is right from the requirement; change the other, never both to meet in the middle.',
      },
      {
        kind: 'migration lint (lock, rewrite, data loss)',
        action: 'Rewrite the migration the safe way the fix describes.',
      },
    ],
    paths: (config) => ({
      produces: [`${config.migrations}/NNNN_name.sql`, 'queries.yaml'],
      appliesTo: [migrationsGlob(config), 'queries.yaml'],
    }),
  },
  {
    stage: 'access',
    title: 'Access control',
    purpose:
      'Decide who may call each operation, on which rows and with which fields, in access.yaml: deny by default, object-level rules wherever an identifier reaches a row, no public writes, sensitive fields never readable. Policy tests state expected allows and denies, and row-level security in the database must match.',
    useWhen:
      'Use when adding an operation, a role, a tenant rule or a sensitive field, or when changing who may do what.',
    conventions: [
      'Every operation has an entry; anything not allowed is denied.',
      'An operation that takes an identifier has an object-level condition (tenant, owner).',
      'Write an allow and a deny case in access.test.yaml for each rule.',
      'Run `keel gen` to write the row-level security migration the policy implies.',
    ],
    command: 'keel check access',
    helpers: [{ command: 'keel gen', use: 'write the row-level security policies access.yaml implies' }],
    findings: [
      {
        kind: 'operation without a rule',
        action: 'Add a rule that allows only who needs it; never `public` for a write.',
      },
      {
        kind: 'missing object-level rule',
        action:
          'Add the condition that ties the row to the caller (tenant or owner), and a deny test for another tenant.',
      },
    ],
    paths: () => ({ produces: ['access.yaml', 'access.test.yaml'], appliesTo: ['access.yaml', 'access.test.yaml'] }),
  },
  {
    stage: 'review',
    title: 'Review',
    purpose:
      'Review each change before it merges: the type check, ESLint with Keel’s handler rules (unscoped queries, raw SQL with request data, unvalidated input, swallowed errors, secrets in logs), the contract diff, the migration lint, the access review of new operations, module boundaries, new dependencies and committed secrets. Findings are ranked blocker, high, medium, low, info.',
    useWhen: 'Use before committing or opening a pull request, and after changing handler code.',
    conventions: [
      'Handlers use the request’s scoped database handle and Kysely; never build SQL from strings.',
      'Throw KeelError with a registered code; never swallow an error.',
      'Read only request fields the contract declares; never log secrets or tokens.',
    ],
    command: 'keel review',
    helpers: [{ command: 'keel review --format markdown', use: 'a report for the pull request' }],
    findings: [
      { kind: 'blocker or high', action: 'Fix it before anything else; the review exits 1 while one remains.' },
      { kind: 'medium or low', action: 'Fix it in this change when it is in code the change touched.' },
    ],
    paths: (config) => ({ produces: [config.handlers, 'src/**/*.ts'], appliesTo: ['src/**/*.ts'] }),
  },
  {
    stage: 'tests',
    title: 'Tests',
    purpose:
      'Prove the service with the project’s own tests and Keel’s generated suites: conformance for every operation (valid, invalid, unauthenticated, forbidden, other tenant), stateful sequences, and every acceptance criterion linked to a passing test; optionally a mutation score.',
    useWhen: 'Use when writing tests, after changing a handler, or when an acceptance criterion has no test.',
    conventions: [
      "Name the criterion a test proves in its title: test('AC-BOOK-1-2: …').",
      'Tests use node:test against a real database; never mock what the gate checks.',
      'A failing generated case is saved as a regression test: keep it.',
    ],
    command: 'keel test',
    helpers: [{ command: 'keel test --mutation', use: 'the mutation score, when keel.yaml sets a threshold' }],
    findings: [
      {
        kind: 'criterion without a passing test',
        action: 'Write the test named after the criterion; make the handler pass it.',
      },
      {
        kind: 'generated conformance failure',
        action: 'Fix the handler (or the contract, if the contract is wrong); never weaken the generated test.',
      },
    ],
    paths: () => ({ produces: ['test/**/*.test.ts'], appliesTo: ['test/**/*.ts'] }),
  },
  {
    stage: 'security',
    title: 'Security review',
    purpose:
      'Attack the running API as an adversary would, OWASP API Top 10 style, with two users in two tenants: object-level access, authentication and the JWT battery, mass assignment, resource limits, function-level access, SSRF, misconfiguration, inventory and injection. Every finding becomes a regression test.',
    useWhen: 'Use before a release, and after changing authentication, access rules or input handling.',
    conventions: [
      'Fix the hole, not the probe: the regression test the audit writes must fail before the fix and pass after.',
      'Never commit secrets; configuration for production never enables debug or CORS * with credentials.',
    ],
    command: 'keel audit',
    helpers: [{ command: 'keel audit --verify', use: 're-check past findings only' }],
    findings: [
      { kind: 'high or critical', action: 'Fix it now; the audit exits 1 while one remains.' },
      { kind: 'any finding', action: 'Keep the regression test it wrote; run it to show the fix.' },
    ],
    paths: () => ({ produces: ['test/security/**'], appliesTo: ['src/**/*.ts'] }),
  },
  {
    stage: 'ship',
    title: 'Ship',
    purpose:
      'Release deliberately: every earlier stage passing at this commit, a version bump that matches the contract diff, a release record, a rollback plan with verified down migrations, the deploy bundle and monitoring from the requirements’ targets.',
    useWhen: 'Use when preparing a release or a deploy.',
    conventions: [
      'Never ship with a stage failing or stale; the version bump follows the contract diff (major for breaking).',
      'Migrations follow expand and contract so the previous release keeps working during the switch.',
    ],
    command: 'keel ship --version X.Y.Z',
    helpers: [
      { command: 'keel ship --dry-run', use: 'the readiness gate without writing a release' },
      { command: 'keel rollback <version>', use: 'roll the database back to a release' },
    ],
    findings: [
      {
        kind: 'a stage not passing',
        action: 'Run the command the finding names for that stage and fix what it reports.',
      },
      { kind: 'version bump does not match the contract diff', action: 'Use the version the finding asks for.' },
    ],
    paths: () => ({ produces: ['releases/<version>/'], appliesTo: ['releases/**'] }),
  },
];
