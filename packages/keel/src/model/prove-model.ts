import { extensionsUsedBy } from '../database/index.ts';
import type { Migration } from '../migrations/index.ts';
import { proveReversibilityOn, type ReversibilityIssue } from './catalog/index.ts';
import { withScratchDatabase } from './catalog/scratch-database.ts';
import { proveQueryPlansOn, type QueriesDeclaration, type QueryPlanProof } from './plans/index.ts';
import type { PhaseTimings } from './proof-timings.ts';

export interface ModelProof {
  readonly reversibility: readonly ReversibilityIssue[];
  /**
   * Absent when there is no declaration of queries, or when the proof's database cannot serve them: the proof found
   * a step that fails or a down step that does not undo its up step (that database may then differ from what `keel
   * db migrate` builds), or the plans failed there. proveQueryPlans then proves them on a fresh database, where an
   * error is reported as it would be without the proof.
   */
  readonly plans?: QueryPlanProof;
}

export interface ProveModelOptions {
  readonly migrations: readonly Migration[];
  /** queries.yaml, when the project has one: its queries are explained after the reversibility proof. */
  readonly declaration?: QueriesDeclaration | undefined;
  /** A PostgreSQL server for the scratch database; PGlite in memory otherwise. */
  readonly databaseUrl?: string | undefined;
  /** Where the time goes (benchmarks). */
  readonly timings?: PhaseTimings | undefined;
}

/**
 * The model gate's work on a database: the up, down, up proof of every migration, then the query plans on the same
 * scratch database, which the proof leaves with every migration applied: one database started, not two.
 *
 * @example
 * const { reversibility, plans } = await proveModel({ migrations, declaration });
 */
export async function proveModel(options: ProveModelOptions): Promise<ModelProof> {
  const { migrations, declaration, databaseUrl, timings } = options;
  const extensions = extensionsUsedBy(migrations.flatMap((migration) => [migration.up, migration.down]));
  return withScratchDatabase({ databaseUrl, extensions, timings }, async (database) => {
    const reversibility = await proveReversibilityOn(database, migrations, { timings });
    const faithful = reversibility.every((issue) => issue.kind === 'data-loss');
    if (declaration === undefined || !faithful) return { reversibility };
    try {
      return { reversibility, plans: await proveQueryPlansOn(database, migrations, declaration, { timings }) };
    } catch {
      return { reversibility };
    }
  });
}
