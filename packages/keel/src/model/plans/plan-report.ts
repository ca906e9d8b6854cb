import type { DataModel } from '../model-model.ts';
import { summarisePlan } from './explain-query.ts';
import type { QueryPlanProof } from './prove-query-plans.ts';

const reports = new WeakMap<DataModel, string>();

/** Keeps a proof's report for the model, for the stage's outputs (which cannot see rule results). */
export function rememberQueryPlans(model: DataModel, proof: QueryPlanProof): void {
  reports.set(model, renderQueryPlans(proof));
}

/** `query-plans.md` for the evidence, once the `model/query-plan` rule has run on this model. */
export function queryPlanOutputs(model: DataModel): Readonly<Record<string, string>> {
  const report = reports.get(model);
  return report === undefined ? {} : { 'query-plans.md': report };
}

export function renderQueryPlans(proof: QueryPlanProof): string {
  const seeded = Object.entries(proof.rows)
    .map(([table, rows]) => `${table} ${rows}`)
    .join(', ');
  const parts = [`# Query plans\n\nSeeded rows: ${seeded}.`];
  for (const failure of proof.seedFailures) parts.push(`Seeding ${failure.table} failed: ${failure.reason}`);
  for (const result of proof.plans) {
    const operation = result.query.operation === undefined ? '' : ` (${result.query.operation})`;
    const verdict =
      result.error !== undefined ? 'failed' : result.problems.length === 0 ? 'uses indexes' : 'needs an index';
    const body = result.plan === undefined ? (result.error ?? '') : summarisePlan(result.plan);
    parts.push(
      `## ${result.query.name}${operation}: ${verdict}\n\n\`\`\`sql\n${result.query.sql.trim()}\n\`\`\`\n\n\`\`\`\n${body}\n\`\`\``,
    );
  }
  return `${parts.join('\n\n')}\n`;
}
