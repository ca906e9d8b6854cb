export { explainQuery, planProblems, summarisePlan, type PlanNode, type PlanProblem } from './explain-query.ts';
export { queryPlanOutputs, rememberQueryPlans, renderQueryPlans } from './plan-report.ts';
export {
  proveQueryPlans,
  proveQueryPlansOn,
  type ProveQueryPlansOptions,
  type QueryPlanProof,
  type QueryPlanResult,
} from './prove-query-plans.ts';
export {
  queriesFile,
  readQueriesDeclaration,
  type DeclaredQuery,
  type QueriesDeclaration,
  type QueryParam,
  type SeedSettings,
} from './queries-file.ts';
export { planSeed, type DeferredIndex, type SeedPlan, type SeedStep } from './seed-sql.ts';
