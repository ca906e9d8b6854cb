/**
 * The registry of every error a Keel user can see, on the command line or over HTTP.
 *
 * Codes are stable: a retired code is never reused. `docs/errors.md` is generated from this file and a test checks that
 * every code is documented.
 */

export interface ErrorDefinition {
  /** HTTP status when the error reaches a client; CLI-only errors use 0. */
  readonly status: number;
  /** Short, fixed summary; the `title` of a problem document. */
  readonly title: string;
  /** What the user should do about it. */
  readonly fix: string;
}

export const errorCodes = {
  // Requests (HTTP)
  KEEL_VALIDATION_FAILED: {
    status: 400,
    title: 'The request does not match the contract',
    fix: 'Correct each field listed in `errors`; its `pointer` names the field and `expected` what the contract accepts.',
  },
  KEEL_PASSWORD_REJECTED: {
    status: 400,
    title: 'The password is too short or too long',
    fix: 'Choose a password of at least the minimum length (8 characters unless configured) and at most 1024.',
  },
  KEEL_MALFORMED_BODY: {
    status: 400,
    title: 'The request body could not be parsed',
    fix: 'Send a body that is valid for its Content-Type (for JSON: check quotes, commas and brackets).',
  },
  KEEL_MOCK_UNKNOWN_EXAMPLE: {
    status: 400,
    title: 'The Prefer header names an example the operation does not declare',
    fix: 'Use one of the example names listed in `available` (the keys of `examples` in the contract), or drop `example=` from Prefer.',
  },
  KEEL_MOCK_UNKNOWN_STATUS: {
    status: 400,
    title: 'The Prefer header names a status the operation does not declare',
    fix: 'Use one of the statuses listed in `declared`, or drop `code=` from Prefer.',
  },
  KEEL_UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication is required',
    fix: 'Send valid credentials in the Authorization header.',
  },
  KEEL_INVALID_CREDENTIALS: {
    status: 401,
    title: 'The credentials are not valid',
    fix: 'Obtain a new token or API key: this one is malformed, expired, revoked, or not signed by a trusted key.',
  },
  KEEL_REFRESH_TOKEN_REUSED: {
    status: 401,
    title: 'A refresh token was used twice, so its whole session was revoked',
    fix: 'Sign in again. A refresh token is good for one use; a second use suggests it was stolen.',
  },
  KEEL_FIELD_NOT_WRITABLE: {
    status: 403,
    title: 'The request sets a field this principal may not write',
    fix: 'Leave out the fields listed in `fields`: access.yaml does not let your role set them in this operation.',
  },
  KEEL_FORBIDDEN: {
    status: 403,
    title: 'This principal may not perform the operation',
    fix: 'Use a principal whose role is allowed by access.yaml for this operation.',
  },
  KEEL_ROUTE_NOT_FOUND: {
    status: 404,
    title: 'No operation is served at this path',
    fix: 'Check the path against the contract served at /openapi.json.',
  },
  KEEL_NOT_FOUND: {
    status: 404,
    title: 'The resource does not exist',
    fix: 'Check the identifier; the resource may have been deleted.',
  },
  KEEL_METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'The method is not allowed on this path',
    fix: 'Use one of the methods listed in the Allow header.',
  },
  KEEL_CONFLICT: {
    status: 409,
    title: 'The request conflicts with the current state of the resource',
    fix: 'Read the resource again and retry with values that do not conflict.',
  },
  KEEL_EMAIL_TAKEN: {
    status: 409,
    title: 'An account with this email address already exists',
    fix: 'Sign in with this address, or sign up with another one.',
  },
  KEEL_IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
    fix: 'Retry after the time in Retry-After; the first request’s response will be replayed.',
  },
  KEEL_PRECONDITION_FAILED: {
    status: 412,
    title: 'The resource has changed since the ETag given in If-Match',
    fix: 'Read the resource again, apply your change to the new version and send its ETag in If-Match.',
  },
  KEEL_PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'The request body is larger than the limit',
    fix: 'Send a smaller body, or raise `runtime.bodyLimit` in keel.yaml if the contract allows it.',
  },
  KEEL_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'The request body’s media type is not accepted by this operation',
    fix: 'Send the body with one of the media types the contract declares for this operation.',
  },
  KEEL_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'This Idempotency-Key was already used with a different request',
    fix: 'Use a new Idempotency-Key for a different request; reuse a key only to retry the identical request.',
  },
  KEEL_RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    fix: 'Wait for the time in Retry-After before retrying.',
  },
  KEEL_INTERNAL: {
    status: 500,
    title: 'An unexpected error occurred',
    fix: 'Retry later; if it persists, report the request id to the service’s operators.',
  },
  KEEL_RESPONSE_CONTRACT: {
    status: 500,
    title: 'The handler’s response does not match the contract',
    fix: 'Make the handler return a body that matches the response schema, or change the contract (a contract change).',
  },
  KEEL_UNDECLARED_STATUS: {
    status: 500,
    title: 'The handler returned a status the contract does not declare',
    fix: 'Return one of the statuses the operation declares, or declare the status in the contract.',
  },
  KEEL_DATABASE_UNAVAILABLE: {
    status: 503,
    title: 'The database is unavailable',
    fix: 'Retry after the time in Retry-After; service resumes by itself when the database is back.',
  },
  KEEL_STREAMING_UNSUPPORTED: {
    status: 500,
    title: 'A request transaction cannot stream rows',
    fix: 'Read the rows with execute(), bounded by a limit and a cursor in the query when there are many.',
  },
  KEEL_AUTHENTICATION_UNAVAILABLE: {
    status: 503,
    title: 'Credentials cannot be verified right now',
    fix: 'Retry later; the server cannot reach the keys it verifies tokens with (a JWKS URL or the key store).',
  },
  KEEL_NOT_READY: {
    status: 503,
    title: 'The service is not ready',
    fix: 'Wait for the database to answer and for migrations to be applied (`keel db migrate`).',
  },

  // Commands, projects and artifacts (CLI and start-up)
  KEEL_USAGE: {
    status: 0,
    title: 'The command was used incorrectly',
    fix: 'Run the command with --help to see its arguments and options.',
  },
  KEEL_PROJECT_NOT_FOUND: {
    status: 0,
    title: 'The project folder does not exist',
    fix: 'Pass the folder of a Keel project (one with keel.yaml), or create one with `keel init <dir>`.',
  },
  KEEL_FILE_NOT_FOUND: {
    status: 0,
    title: 'A file the project needs does not exist',
    fix: 'Create the file, or correct its path in keel.yaml.',
  },
  KEEL_SYNTAX_ERROR: {
    status: 0,
    title: 'A YAML or JSON file could not be parsed',
    fix: 'Correct the syntax at the line and column given.',
  },
  KEEL_CONFIG_INVALID: {
    status: 0,
    title: 'keel.yaml is not valid',
    fix: 'Correct the setting named in the message; `keel init` writes a commented example.',
  },
  KEEL_MUTATION_FAILED: {
    status: 0,
    title: 'The mutation run could not finish',
    fix: 'Make `node --test` pass on every test file first (Stryker starts from a green run), and check that keel.yaml’s `tests.mutation.mutate` names the handler files.',
  },
  KEEL_AUDIT_CREDENTIALS_INVALID: {
    status: 0,
    title: 'The audit credentials file cannot be used',
    fix: 'Give `keel audit --target` a YAML or JSON file with `tenants: { a, b }` and `principals: [{ role, tenant, headers }]` (see docs/security.md).',
  },
  KEEL_AUDIT_NO_PAST_FINDINGS: {
    status: 0,
    title: 'There are no past audit findings to verify',
    fix: 'Run `keel audit` first: `--verify` re-checks the findings it recorded in .keel/evidence/audit/findings.json.',
  },
  KEEL_CONTRACT_INVALID: {
    status: 0,
    title: 'The OpenAPI contract cannot be served',
    fix: 'Correct the contract at the location given; `keel check contract` lists every problem.',
  },
  KEEL_REF_UNRESOLVED: {
    status: 0,
    title: 'A $ref in the contract points at nothing',
    fix: 'Correct the $ref: a file path relative to the referring file, then # and a JSON pointer.',
  },
  KEEL_HANDLERS_MISMATCH: {
    status: 0,
    title: 'The handlers do not match the contract’s operations',
    fix: 'Write a handler for each listed operationId and remove handlers for operations the contract does not have.',
  },
  KEEL_HANDLERS_LOAD_FAILED: {
    status: 0,
    title: 'The handlers module could not be loaded',
    fix: 'Check the `handlers` path in keel.yaml and that the module exports `handlers`.',
  },
  KEEL_DATABASE_UNREACHABLE: {
    status: 0,
    title: 'The database could not be reached',
    fix: 'Check DATABASE_URL (host, port, user, database) and that the server is running.',
  },
  KEEL_MIGRATION_INVALID: {
    status: 0,
    title: 'A migration file is not valid',
    fix: 'Name it NNNN_name.sql with a unique number, and give it `-- migrate:up` and `-- migrate:down` sections.',
  },
  KEEL_MIGRATION_EDITED: {
    status: 0,
    title: 'A migration was edited after it was applied',
    fix: 'Restore the file to its applied content (e.g. `git checkout`) and put the change in a new migration.',
  },
  KEEL_MIGRATION_MISSING: {
    status: 0,
    title: 'A migration applied to the database has no file',
    fix: 'Restore the migration file, or roll the database back with the version of the code that has it.',
  },
  KEEL_MIGRATION_FAILED: {
    status: 0,
    title: 'A migration failed and was rolled back',
    fix: 'Correct the SQL at the statement named in the message, then run `keel db migrate` again.',
  },
  KEEL_MIGRATION_TARGET_INVALID: {
    status: 0,
    title: 'The migration target does not exist',
    fix: 'Pass a version listed by `keel db status`, or 0 to roll back everything.',
  },
  KEEL_DEMO_WITHOUT_IDENTITY: {
    status: 0,
    title: 'Demo principals need Keel-managed keys',
    fix: 'Give access.yaml a scheme with `keys: managed` (Keel’s identity provider), or remove `demo.principals` from keel.yaml.',
  },
  KEEL_SEED_FAILED: {
    status: 0,
    title: 'A seed file failed and was rolled back',
    fix: 'Correct the SQL at the line given, then run `keel db seed` again; seed files before it were kept, so make seeds repeatable.',
  },
  KEEL_ACCESS_POLICIES_INVALID: {
    status: 0,
    title: 'PostgreSQL refuses the row-level security policies access.yaml implies',
    fix: 'Run `keel check access`: `access/condition-invalid-sql` names the condition to correct, at its line in access.yaml.',
  },
  KEEL_UNKNOWN_STAGE: {
    status: 0,
    title: 'No stage has this name',
    fix: 'Use one of the stage names: requirements, architecture, contract, model, access, review, tests, security, ship.',
  },
  KEEL_STAGE_NOT_AVAILABLE: {
    status: 0,
    title: 'This version of Keel has no gate for the stage yet',
    fix: 'Run `keel status` to see which stages this Keel checks; upgrade Keel for the stage, and until then do not count it as passed.',
  },
  KEEL_AGENT_UNKNOWN: {
    status: 0,
    title: 'Keel writes no playbooks for this agent',
    fix: 'Name one or more of claude, copilot, codex, cursor, gemini (comma-separated), or all.',
  },
  KEEL_PLAYBOOK_UNKNOWN: {
    status: 0,
    title: 'No playbook has this name',
    fix: 'Use journey or a stage name: requirements, architecture, contract, model, access, review, tests, security, ship.',
  },
  KEEL_AGENT_SETTINGS_INVALID: {
    status: 0,
    title: 'An agent settings file Keel would add its hooks to is not valid JSON',
    fix: 'Correct the file (it must hold one JSON object), then run `keel agents install --hooks` again; nothing was written.',
  },
  KEEL_QUERY_UNKNOWN: {
    status: 0,
    title: 'queries.yaml declares no query of this name',
    fix: 'Use a name listed in queries.yaml under `queries:` (the `name` of each entry).',
  },
  KEEL_TRACE_UNKNOWN_ID: {
    status: 0,
    title: 'No artifact defines this identifier',
    fix: 'Check the spelling; `keel trace` takes ids as the artifacts define them (R-BOOK-1, BR-BOOK-1, AC-BOOK-1-1, ADR-0001, a module name).',
  },
  KEEL_REPORT_NOT_WRITTEN: {
    status: 0,
    title: 'The journey report could not be written',
    fix: 'Make the folder writable (by default `.keel/report/` in the project), or name another file with `keel report --out <file>`.',
  },
  KEEL_INIT_WOULD_OVERWRITE: {
    status: 0,
    title: 'keel init would overwrite existing files',
    fix: 'Run `keel init` on an empty or new folder, or move the listed files away first; keel init never overwrites.',
  },
  KEEL_GIT_REVISION_NOT_FOUND: {
    status: 0,
    title: 'The git revision does not exist',
    fix: 'Check the revision with `git log` (in a shallow CI clone, fetch more history, e.g. `git fetch --depth=50`); write it as REV:path, e.g. HEAD~1:openapi.yaml.',
  },
  KEEL_GIT_FILE_NOT_FOUND: {
    status: 0,
    title: 'The file does not exist at that git revision',
    fix: 'Check the path with `git show REV --stat` or `git ls-tree -r REV`; paths are from the repository root, or from the project folder when they start with ./',
  },
  KEEL_REVIEW_NOT_A_REPOSITORY: {
    status: 0,
    title: 'The project is not in a git repository, so there is no change to review',
    fix: 'Run `keel review` in a git checkout (`git init` and a first commit make one), or pass --all to review every file without a base.',
  },
  KEEL_PORT_IN_USE: {
    status: 0,
    title: 'The port is already in use',
    fix: 'Stop the other process, or pass another port with --port or PORT.',
  },
  KEEL_RELEASE_NOT_FOUND: {
    status: 0,
    title: 'No release of this version exists',
    fix: 'Name a version that has a releases/<version>/release.json (`ls releases`); `keel ship` makes releases.',
  },
  KEEL_RELEASE_RECORD_INVALID: {
    status: 0,
    title: 'A release record cannot be read',
    fix: 'Restore releases/<version>/release.json from version control: Keel writes it and it is not edited by hand.',
  },
  KEEL_RELEASE_VERSION_INVALID: {
    status: 0,
    title: 'The release version is not a plain semantic version',
    fix: 'Give --version as MAJOR.MINOR.PATCH (e.g. 1.4.0), or leave it out to release the contract’s info.version.',
  },
  KEEL_ROLLBACK_LOSES_DATA: {
    status: 0,
    title: 'Rolling back would lose data',
    fix: 'Read what each step would lose (listed above), run the data checks of the release’s ROLLBACK.md, keep a copy of what matters, then run again with --accept-data-loss.',
  },
  KEEL_ROLLBACK_NOT_BEHIND: {
    status: 0,
    title: 'The database is not ahead of that release',
    fix: 'Name an earlier release than the one the database is at (`keel db status` shows the applied migrations).',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type KeelErrorCode = keyof typeof errorCodes;
