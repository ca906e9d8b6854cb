import { CompiledQuery } from 'kysely';
import { describeError } from '../../database/database-errors.ts';
import { extensionsUsedBy, type Database, type Session } from '../../database/index.ts';
import { migrate, type Migration } from '../../migrations/index.ts';
import { introspectCatalog } from '../catalog/introspect-catalog.ts';
import { withScratchDatabase } from '../catalog/scratch-database.ts';
import { timed, type PhaseTimings } from '../proof-timings.ts';
import { explainQuery, planProblems, type PlanNode, type PlanProblem } from './explain-query.ts';
import type { DeclaredQuery, QueriesDeclaration } from './queries-file.ts';
import { planSeed, type DeferredIndex, type SeedPlan } from './seed-sql.ts';

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

export interface ProveQueryPlansOptions {
  readonly migrations: readonly Migration[];
  readonly declaration: QueriesDeclaration;
  readonly databaseUrl?: string | undefined;
  /** Where the time goes (benchmarks). */
  readonly timings?: PhaseTimings | undefined;
}

/**
 * On a scratch database (PGlite, or a fresh database on the server at `databaseUrl`): applies the migrations, fills
 * every table with rows generated from the catalog (see planSeed), runs ANALYZE, and explains each declared query.
 *
 * @example
 * const proof = await proveQueryPlans({ migrations, declaration: readQueriesDeclaration(source) });
 * for (const result of proof.plans) console.log(result.query.name, result.problems);
 */
export async function proveQueryPlans(options: ProveQueryPlansOptions): Promise<QueryPlanProof> {
  const { migrations, timings } = options;
  const extensions = extensionsUsedBy(migrations.flatMap((migration) => [migration.up, migration.down]));
  return withScratchDatabase({ databaseUrl: options.databaseUrl, extensions, timings }, (database) =>
    proveQueryPlansOn(database, migrations, options.declaration, { timings }),
  );
}

/**
 * The same proof on a database the caller provides: one the migrations built, or an empty one. It applies what is
 * pending, then seeds it; the rows stay.
 */
export async function proveQueryPlansOn(
  database: Database,
  migrations: readonly Migration[],
  declaration: QueriesDeclaration,
  options: { readonly timings?: PhaseTimings | undefined } = {},
): Promise<QueryPlanProof> {
  const { timings } = options;
  await timed(timings, 'migrate', () => migrate(database, migrations));
  const catalog = await timed(timings, 'introspect', () => introspectCatalog(database));
  const seed = planSeed(catalog, declaration.seed.rows, declaration.seed.tables);
  return database.withLock(planLockKey, async (session) => {
    const seedFailures = await seedTables(session, seed, timings);
    await timed(timings, 'analyze', () => session.execScript('analyze'));
    const rows = await tableRows(session);
    const plans = await timed(timings, 'explain', () => explainQueries(session, declaration.queries, rows));
    return { plans, seedFailures, rows };
  });
}

type SeedFailure = QueryPlanProof['seedFailures'][number];

/**
 * Drops the deferred indexes (one that will not drop stays and is filled row by row), runs every table's step, then
 * builds the dropped indexes again over the rows. An index that cannot be built is that table's seed failure.
 */
async function seedTables(session: Session, seed: SeedPlan, timings: PhaseTimings | undefined): Promise<SeedFailure[]> {
  const failures: SeedFailure[] = [...seed.unseedable];
  const dropped = await timed(timings, 'seed', async () => {
    const done: DeferredIndex[] = [];
    for (const index of seed.deferredIndexes) {
      if (await succeeds(() => session.execScript(index.drop))) done.push(index);
    }
    for (const step of seed.steps) {
      try {
        await session.execScript(step.sql);
      } catch (error) {
        const origin = step.source === 'generated' ? 'the generated INSERT' : 'its seed in queries.yaml';
        failures.push({ table: step.table, reason: `${origin} fails: ${describeError(error)}` });
      }
    }
    return done;
  });
  await timed(timings, 'build indexes', async () => {
    for (const index of dropped) {
      try {
        await session.execScript(index.create);
      } catch (error) {
        failures.push({
          table: index.table,
          reason: `its index ${index.name} cannot be built on the seeded rows: ${describeError(error)}`,
        });
      }
    }
  });
  return failures;
}

async function succeeds(step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch {
    return false;
  }
}

async function explainQueries(
  session: Session,
  queries: readonly DeclaredQuery[],
  rows: Readonly<Record<string, number>>,
): Promise<QueryPlanResult[]> {
  const plans: QueryPlanResult[] = [];
  for (const [index, query] of queries.entries()) {
    try {
      const plan = await explainQuery(session, query, index);
      plans.push({ query, plan, problems: planProblems(plan, query.page, (table) => rows[table] ?? 0) });
    } catch (error) {
      await session.execScript('reset plan_cache_mode').catch(() => undefined);
      plans.push({ query, error: describeError(error), problems: [] });
    }
  }
  return plans;
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
