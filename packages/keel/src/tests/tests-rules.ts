import { derivedRule, type CheckContext, type Rule, type RuleHead } from '../journey/stage.ts';
import type { Issue } from '../journey/finding.ts';
import { runTestSuites, type TestRun } from './run-test-suites.ts';
import { mutationRules } from './mutation-rules.ts';
import type { GeneratedRuleId } from './suite-context.ts';
import type { TestsModel } from './tests-model.ts';

/** Options `keel test` adds to a gate run. */
export interface TestCheckOptions {
  readonly databaseUrl?: string;
  readonly seed?: number;
  readonly runs?: number;
}

export const defaultSeed = 1;
export const defaultRuns = 20;

const runs = new WeakMap<TestsModel, Promise<TestRun>>();
const finished = new WeakMap<TestsModel, TestRun>();

/** The one run of the suites a gate's rules share (and `keel test` reports). */
export function testRunOf(model: TestsModel, context: CheckContext): Promise<TestRun> {
  let run = runs.get(model);
  if (run === undefined) {
    const options = context.options as TestCheckOptions;
    run = runTestSuites(model, {
      seed: options.seed ?? defaultSeed,
      runs: options.runs ?? defaultRuns,
      databaseUrl: options.databaseUrl,
    });
    runs.set(model, run);
    void run.then((done) => finished.set(model, done)).catch(() => undefined);
  }
  return run;
}

/** The run already made for a model, for reporters. */
export function finishedRunOf(model: TestsModel): TestRun | undefined {
  return finished.get(model);
}

const runRule = (head: RuleHead, find: (run: TestRun) => readonly Issue[]): Rule<TestsModel> =>
  derivedRule(head, testRunOf, (run) => find(run));

const generatedRule = (id: GeneratedRuleId, summary: string, fix: string): Rule<TestsModel> =>
  derivedRule<TestsModel, TestRun>({ id, severity: 'error', summary, fix }, testRunOf, (run, model) =>
    run.generated.failures
      .filter((failure) => failure.rule === id)
      .map((failure) => {
        const operation = model.contract?.operations.find((candidate) => candidate.operationId === failure.operationId);
        return {
          message: `${failure.operationId}: ${failure.message}\n  reproduce: ${failure.curl}`,
          at:
            operation === undefined
              ? { file: model.project.config.contract }
              : { file: operation.location.file, line: operation.location.line, column: operation.location.column },
        };
      }),
  );

export const testsRules: readonly Rule<TestsModel>[] = [
  runRule(
    {
      id: 'tests/project-test-failed',
      severity: 'error',
      summary: "Every one of the project's own tests passes.",
      fix: 'Run the failing test file with `node --test <file>` and fix the code or the test.',
    },
    (run) =>
      run.project.results
        .filter((result) => result.outcome === 'failed' && !result.suite)
        .map((result) => ({
          message: `${result.name} failed${result.error === undefined ? '' : `: ${result.error}`}`,
          at: { file: result.file, ...(result.line === undefined ? {} : { line: result.line }) },
        })),
  ),
  runRule(
    {
      id: 'tests/criterion-without-passing-test',
      severity: 'error',
      summary: 'Every acceptance criterion is named by a test that passes.',
      fix: "Write a test that proves the criterion and put its id in the test's name: test('AC-…: …').",
    },
    (run) =>
      run.criteria
        .filter((criterion) => criterion.status !== 'passed')
        .map((criterion) => ({
          message:
            criterion.status === 'untested'
              ? `${criterion.id} (${criterion.operation}) has no test naming it`
              : `${criterion.id}: ${criterion.tests
                  .filter((test) => test.outcome === 'failed')
                  .map((test) => `"${test.name}"`)
                  .join(', ')} failed`,
          at: criterion.at,
        })),
  ),
  runRule(
    {
      id: 'tests/role-not-provisioned',
      severity: 'warning',
      summary: 'The generated suites can call as every role of access.yaml.',
      fix: 'Give the role a memberships-table or API-key source with `keys: managed`, or test it in the project’s own tests.',
    },
    (run) =>
      run.generated.unavailableRoles.map((entry) => ({
        message: `no principal for role ${entry.role}: ${entry.reason}; its generated cases were skipped`,
        at: { file: 'access.yaml' },
      })),
  ),
  generatedRule(
    'tests/server-error',
    'No generated request gets a 5xx.',
    'Find the handler’s failure with the printed curl command against `keel serve`, and handle the case (a 4xx problem) instead of failing.',
  ),
  generatedRule(
    'tests/response-off-contract',
    'Every response’s status, content type, headers and body are those the contract declares.',
    'Declare the status (or its body) in the contract, or make the handler answer as declared.',
  ),
  generatedRule(
    'tests/valid-request-rejected',
    'A request valid by the contract, from a role that may call, is not refused as invalid.',
    'Make the contract’s schema say what the handler really requires, or accept the input.',
  ),
  generatedRule(
    'tests/invalid-input-accepted',
    'Input the contract rejects gets 400 problem+json.',
    'Tighten the contract’s schema to what the handler accepts, and let the runtime reject the rest.',
  ),
  generatedRule(
    'tests/missing-credentials-accepted',
    'An operation that is not public answers 401 without credentials.',
    'Give the operation security in the contract and roles in access.yaml.',
  ),
  generatedRule(
    'tests/forbidden-role-allowed',
    'A role access.yaml does not allow gets 403.',
    'Check the operation’s `allow` list in access.yaml and the runtime’s enforcement.',
  ),
  generatedRule(
    'tests/other-tenant-reachable',
    'Another tenant’s identifiers answer 404.',
    'Filter by the request’s tenant (or rely on row-level security: see docs/decisions/0006-access-control.md).',
  ),
  generatedRule(
    'tests/undeclared-method',
    'A method the contract does not declare gets 405 with an Allow header naming the declared ones.',
    'Do not route methods the contract does not declare.',
  ),
  generatedRule(
    'tests/created-not-readable',
    'A created resource can be read at once, at its id and its Location.',
    'Commit the create before answering, and return the id and Location the read operation serves.',
  ),
  generatedRule(
    'tests/use-after-delete',
    'A deleted resource answers 404.',
    'Delete (or filter out) the row, and answer 404 for it afterwards.',
  ),
  generatedRule(
    'tests/failed-create-leaves-data',
    'A create that fails leaves nothing behind.',
    'Do the create’s writes in one transaction, after validation.',
  ),
  ...mutationRules,
];
