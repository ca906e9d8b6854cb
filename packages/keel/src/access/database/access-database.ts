import type { CheckContext } from '../../journey/stage.ts';
import { modelStage } from '../../model/model-stage.ts';
import { accessFacts, type AccessFacts } from '../access-facts.ts';
import type { AccessModel, Allowance, OperationAccess } from '../access-model.ts';
import { operandsOf } from '../condition-ast.ts';
import { conditionToSql } from '../condition-to-sql.ts';
import { columnTypes, policiesFor, type TableSecurity } from '../row-level-security.ts';
import type { AccessDatabaseReview, ConditionProbe } from './review-access-database.ts';

export interface AccessDatabase {
  readonly review: AccessDatabaseReview;
  readonly implied: readonly TableSecurity[];
}

const reviews = new WeakMap<AccessModel, Promise<AccessDatabase | undefined>>();

/**
 * The migrated scratch database as the design review's database rules see it, built once per run and shared by them.
 * Undefined when there is nothing to apply or a migration does not parse (the model stage says what to fix first).
 */
export function accessDatabase(model: AccessModel, context: CheckContext): Promise<AccessDatabase | undefined> {
  let review = reviews.get(model);
  if (review === undefined) {
    review = build(model, context);
    reviews.set(model, review);
  }
  return review;
}

async function build(model: AccessModel, context: CheckContext): Promise<AccessDatabase | undefined> {
  const data = await context.model(modelStage).catch(() => undefined);
  if (data === undefined || data.migrations.length === 0 || data.migrations.some((migration) => !migration.parsed)) {
    return undefined;
  }
  const facts = await accessFacts(model, context);
  const implied = policiesFor(model, facts);
  // Loaded on first use: the database drivers, which the static rules do not need.
  const { reviewAccessDatabase } = await import('./review-access-database.ts');
  const review = await reviewAccessDatabase({
    migrations: data.migrations.map((migration) => migration.migration),
    expected: implied,
    conditions: conditionProbes(model, facts),
    databaseUrl: context.options.databaseUrl,
  });
  return { review, implied };
}

/** The key of an allowance's probe. */
export function probeKey(entry: OperationAccess, allowance: Allowance): string {
  return `${entry.operationId}\u0000${allowance.role}`;
}

/**
 * Each parsed condition on an operation whose table exists, compiled as a policy would compile it; conditions naming
 * a table or column the migrations lack are left to `access/unknown-column`.
 */
function conditionProbes(model: AccessModel, facts: AccessFacts): ConditionProbe[] {
  const columnType = columnTypes(facts);
  return model.operations.flatMap((entry) => {
    const table = facts.operations.get(entry.operationId)?.table;
    if (table === undefined || facts.tables?.has(table) !== true) return [];
    return entry.allow.flatMap((allowance) => {
      const ast = allowance.condition?.ast;
      if (ast === undefined) return [];
      const known = operandsOf(ast).every(({ operand, exists }) => {
        if (operand.kind !== 'column') return true;
        const columns = facts.tables?.get(operand.scope === 'row' ? table : (exists?.table ?? ''))?.columns;
        return columns?.some((column) => column.name === operand.name) === true;
      });
      return known ? [{ key: probeKey(entry, allowance), table, sql: conditionToSql(ast, { table, columnType }) }] : [];
    });
  });
}
