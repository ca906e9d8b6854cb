import { accessStage } from '../access/access-stage.ts';
import { contractForStage } from '../contract/stage-contract.ts';
import type { Stage } from '../journey/stage.ts';
import { requirementsStage } from '../requirements/requirements-stage.ts';
import { projectTestFiles } from './project-tests.ts';
import { finishedRunOf, testsRules } from './tests-rules.ts';
import type { TestsModel } from './tests-model.ts';
import { acceptanceReport } from './acceptance-report.ts';
import { mutationStatusOf } from './mutation-result.ts';

/**
 * Stage 7, tests: the project's own node:test tests, Keel's generated conformance and stateful suites (from the
 * contract and access.yaml, run in-process on a freshly migrated database), and every acceptance criterion linked to a
 * passing test. `keel test` runs this gate.
 *
 * @example
 * const [checked] = await checkStages(project, [testsStage], [testsStage], { seed: 7 });
 */
export const testsStage: Stage<TestsModel> = {
  id: 'tests',
  title: 'tests',
  summary: 'The project’s tests and the generated suites pass, and every acceptance criterion has a passing test.',
  dependsOn: ['requirements', 'contract', 'model', 'access'],
  artifacts: (project) => [project.config.contract],
  inputs: (project) => [
    '**/*.test.ts',
    '**/*.test.js',
    project.config.contract,
    'schemas/**',
    `${project.config.migrations}/**`,
    project.config.handlers,
    'src/**',
    'access.yaml',
    project.config.requirements,
    ...(project.config.tests.mutation.mutate ?? []).filter((pattern) => !pattern.startsWith('!')),
  ],
  async load(context) {
    const { project } = context;
    const { contract, issues } = await contractForStage(project, 'tests');
    const model: TestsModel = {
      project,
      contract,
      access: await context.model(accessStage),
      requirements: await context.model(requirementsStage),
      testFiles: await projectTestFiles(project.root),
      mutation: await mutationStatusOf(project),
    };
    return { model, issues };
  },
  loaderRules: [],
  rules: testsRules,
  outputs(model) {
    const run = finishedRunOf(model);
    if (run === undefined) return {};
    return { 'acceptance.md': acceptanceReport(run), 'test-run.json': JSON.stringify(run, null, 2) };
  },
  start: 'Write tests with node:test that name the acceptance criteria they prove, then run `keel test`.',
};
