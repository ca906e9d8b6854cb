import { CompiledQuery } from 'kysely';
import { describeError } from '../../database/database-errors.ts';
import { extensionsUsedBy, type Session } from '../../database/index.ts';
import { migrate, type Migration } from '../../migrations/index.ts';
import { introspectCatalog } from '../catalog/introspect-catalog.ts';
import { withScratchDatabase } from '../catalog/scratch-database.ts';
import { explainQuery, planProblems, type PlanNode, type PlanProblem } from './explain-query.ts';
import type { DeclaredQuery, QueriesDeclaration } from './queries-file.ts';
import { planSeed } from './seed-sql.ts';

export interface QueryPlanResult {
  readonly query: DeclaredQuery;
  /** Absent when EXPLAIN failed: `error` says why. */
  readonly plan?: PlanNode;
  readonly error?: string;
  readonly problems: readonly PlanProblem[];
}

export interface QueryPlanProof {
  readonly plans: readonly QueryPlanResult[];
  /** Tables the seeding could not fill, and why. */
  readonly seedFailures: readonly { readonly table: string; readonly reason: string }[];
  /** Rows per table after seeding. */
  readonly rows: Readonly<Record<string, number>>;
}

const planLockKey = 0x6b65656c5f706c6en;

/**
 * On a scratch database (PGlite, or a fresh database on the server at `databaseUrl`): applies the migrations, fills
 * every table with rows generated from the catalog (see planSeed), runs ANALYZE, and explains each declared query.
 *
 * @example
 * const proof = await proveQueryPlans({ migrations, declaration: readQueriesDeclaration(source) });
 * for (const result of proof.plans) console.log(result.query.name, result.problems);
 */
export async function proveQueryPlans(options: {
  readonly migrations: readonly Migration[];
  readonly declaration: QueriesDeclaration;
  readonly databaseUrl?: string | undefined;
}): Promise<QueryPlanProof> {
  const { migrations, declaration } = options;
  const extensions = extensionsUsedBy(migrations.flatMap((migration) => [migration.up, migration.down]));
  return withScratchDatabase({ databaseUrl: options.databaseUrl, extensions }, async (database) => {
    await migrate(database, migrations);
    const seed = planSeed(await introspectCatalog(database), declaration.seed.rows, declaration.seed.tables);
    return database.withLock(planLockKey, async (session) => {
      const seedFailures = [...seed.unseedable];
      for (const step of seed.steps) {
        try {
          await session.execScript(step.sql);
        } catch (error) {
          const origin = step.source === 'generated' ? 'the generated INSERT' : 'its seed in queries.yaml';
          seedFailures.push({ table: step.table, reason: `${origin} fails: ${describeError(error)}` });
        }
      }
      await session.execScript('analyze');
      const rows = await tableRows(session);
      const plans: QueryPlanResult[] = [];
      for (const [index, query] of declaration.queries.entries()) {
        try {
          const plan = await explainQuery(session, query, index);
          plans.push({ query, plan, problems: planProblems(plan, query.page, (table) => rows[table] ?? 0) });
        } catch (error) {
          await session.execScript('reset plan_cache_mode').catch(() => undefined);
          plans.push({ query, error: describeError(error), problems: [] });
        }
      }
      return { plans, seedFailures, rows };
    });
  });
}

async function tableRows(session: Session): Promise<Record<string, number>> {
  const result = await session.db.executeQuery<{ name: string; rows: number | string }>(
    CompiledQuery.raw(
      `select c.relname as name, greatest(c.reltuples, 0)::float8 as rows from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'keel')`,
    ),
  );
  const rows: Record<string, number> = {};
  for (const row of result.rows) rows[row.name] = Math.max(rows[row.name] ?? 0, Number(row.rows));
  return rows;
}
