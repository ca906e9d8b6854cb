export { acceptanceReport } from './acceptance-report.ts';
export { runConformance } from './conformance.ts';
export { fillRow } from './fill-row.ts';
export { invalidVariants, type InvalidInput, type InvalidKind } from './invalid-inputs.ts';
export { projectTestFiles, runProjectTests, type ProjectTestResult } from './project-tests.ts';
export { declaredResponse, ResponseChecker } from './response-check.ts';
export {
  coverageOf,
  runTestSuites,
  type CriterionCoverage,
  type TestRun,
  type TestRunSettings,
} from './run-test-suites.ts';
export { schemaArbitrary } from './schema-arbitrary.ts';
export { regressionTestSource, replayGeneratedCase, saveRegressionTests, type SavedCase } from './saved-case.ts';
export { lifecycles, runStateful } from './stateful.ts';
export { generatedRuleIds, type CaseFailure, type GeneratedRuleId } from './suite-context.ts';
export { provisionPrincipals, type TestPrincipal, type TestPrincipals } from './suite-principals.ts';
export type { TestsModel } from './tests-model.ts';
export { defaultRuns, defaultSeed, testsRules, type TestCheckOptions } from './tests-rules.ts';
export { testsStage } from './tests-stage.ts';
