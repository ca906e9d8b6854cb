import type { Stage } from '../journey/stage.ts';
import { migrationFileRule, sqlSyntaxRule } from './model-loader-rules.ts';
import type { DataModel } from './model-model.ts';
import { queryPlanOutputs } from './plans/plan-report.ts';
import { modelRules } from './rules/index.ts';
import { traceModel } from './trace-model.ts';

/**
 * Stage 4, data model: `migrations/NNNN_name.sql`, each with an up and a down section. The gate parses every statement
 * with PostgreSQL's own parser, lints the up sections for locks, rewrites and destructive changes (a table created in
 * the same migration is exempt from the rules about existing tables), and proves on a scratch database that each down
 * step undoes its up step.
 *
 * @example
 * const model = await context.model(modelStage); // from a later stage's rule
 * const bookings = model?.tables.find((table) => table.name === 'bookings');
 */
export const modelStage: Stage<DataModel> = {
  id: 'model',
  title: 'data model',
  summary: 'The tables, keys and indexes, written as reversible migrations that are safe to run on a live database.',
  dependsOn: ['contract'],
  artifacts: (project) => [project.config.migrations],
  inputs: (project) => [`${project.config.migrations}/*.sql`, `${project.config.seeds}/*.sql`, 'queries.yaml'],
  // Loaded on first use: the SQL parser (WebAssembly) is not needed by `keel status`, which reads every stage's metadata.
  load: async (context) => (await import('./load-data-model.ts')).loadDataModel(context),
  loaderRules: [migrationFileRule, sqlSyntaxRule],
  rules: modelRules,
  trace: traceModel,
  outputs: queryPlanOutputs,
  start:
    'Write the first migration, migrations/0001_create_<table>.sql, with a -- migrate:up and a -- migrate:down section (see docs/model.md), then run `keel check model`.',
};
