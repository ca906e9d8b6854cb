import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Issue } from '../../journey/finding.ts';
import type { CheckContext, Rule } from '../../journey/stage.ts';
import type { DataModel } from '../model-model.ts';
import { queriesFile } from '../plans/queries-file.ts';
import { modelProof } from './model-proof.ts';

/**
 * The queries of queries.yaml, explained on a scratch database seeded from the schema: none scans a large table
 * sequentially, and none sorts many rows for a page. Quiet when the project has no queries.yaml.
 */
export const queryPlan: Rule<DataModel> = {
  id: 'model/query-plan',
  severity: 'error',
  summary:
    'Every query of queries.yaml uses an index on seeded data: no sequential scan of a large table, no sort of many rows for a page.',
  fix: 'Add the suggested index in a new migration, or change the query so an existing index serves it.',
  run: async (model, context) => {
    if (model.migrations.length === 0 || model.migrations.some((migration) => !migration.parsed)) return [];
    if (!existsSync(resolve(context.project.root, queriesFile))) return [];
    return queryPlanIssues(model, context);
  },
};

async function queryPlanIssues(model: DataModel, context: CheckContext): Promise<Issue[]> {
  // Loaded on first use: the proof needs a database that the lint does not.
  const plans = await import('../plans/index.ts');
  const declaration = plans.readQueriesDeclaration(await context.source(queriesFile));
  const issues: Issue[] = declaration.problems.map((problem) => ({ message: problem.message, at: problem.at }));
  const proof =
    (await modelProof(model, context)).plans ??
    (await plans.proveQueryPlans({
      migrations: model.migrations.map((migration) => migration.migration),
      declaration,
      databaseUrl: context.options.databaseUrl,
    }));
  plans.rememberQueryPlans(model, proof);
  for (const failure of proof.seedFailures) {
    issues.push({
      message: `cannot seed table ${failure.table}: ${failure.reason}`,
      at: declaration.seed.at,
      fix: `Write the rows of ${failure.table} yourself in ${queriesFile}: seed: { tables: { ${failure.table}: "insert into … select … from generate_series(1, N) as g(i)" } }.`,
    });
  }
  for (const result of proof.plans) {
    const name = `query ${result.query.name}${result.query.operation === undefined ? '' : ` (${result.query.operation})`}`;
    if (result.error !== undefined) {
      issues.push({ message: `${name} cannot be explained: ${result.error}`, at: result.query.at });
      continue;
    }
    const summary = result.plan === undefined ? '' : plans.summarisePlan(result.plan).replaceAll(/\n\s*/g, ' → ');
    for (const problem of result.problems) {
      issues.push({
        message: `${name} ${problem.message}; plan: ${summary}`,
        at: result.query.at,
        fix: `Add the index in a new migration: ${problem.suggestedIndex}.`,
      });
    }
  }
  return issues;
}
