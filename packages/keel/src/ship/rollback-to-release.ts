import { sql } from 'kysely';
import type { Database } from '../database/index.ts';
import { KeelError } from '../errors/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { migrationStatus, rollback, type Migration, type MigrationEvent } from '../migrations/index.ts';
import { modelStage } from '../model/model-stage.ts';
import type { Project } from '../project/index.ts';
import type { DataLoss } from './release-record.ts';
import { findRelease, type Release } from './releases.ts';
import { lossesOf } from './rollback-plan.ts';

export interface RollbackStepPlan {
  readonly version: number;
  readonly file: string;
  /** What the step would lose, with the number of rows or values there now (null when it could not be counted). */
  readonly losses: readonly (DataLoss & { readonly count: number | null })[];
}

export interface ReleaseRollback {
  readonly release: Release;
  /** Newest first: the order they run in. */
  readonly steps: readonly RollbackStepPlan[];
  /** `releases/<version>/deploy`: what to deploy once the database is back. */
  readonly bundle: string;
  readonly rolledBack: boolean;
}

/**
 * `keel rollback <version>`: takes the database back to that release's migration level. Each down step that would
 * drop a table or column holding data is listed with what it would lose; unless `acceptDataLoss`, nothing runs then
 * (KEEL_ROLLBACK_LOSES_DATA). With `dryRun`, only the plan is returned.
 */
export async function rollbackToRelease(
  project: Project,
  database: Database,
  migrations: readonly Migration[],
  version: string,
  options: {
    readonly acceptDataLoss?: boolean;
    readonly dryRun?: boolean;
    readonly log?: (event: MigrationEvent) => void;
  } = {},
): Promise<ReleaseRollback> {
  const release = findRelease(project, version);
  const level = release.record.migrations.level;
  const applied = (await migrationStatus(database, migrations)).filter(
    (status) => status.state !== 'pending' && status.version > level,
  );
  const model = await createCheckContext(project).model(modelStage);
  const byVersion = new Map((model?.migrations ?? []).map((migration) => [migration.migration.version, migration]));
  const steps: RollbackStepPlan[] = [];
  for (const status of applied.sort((a, b) => b.version - a.version)) {
    const losses = (byVersion.get(status.version)?.down ?? []).flatMap(lossesOf);
    const counted = [];
    for (const loss of losses) counted.push({ ...loss, count: await countOf(database, loss.check) });
    steps.push({ version: status.version, file: status.file, losses: counted.filter((loss) => loss.count !== 0) });
  }
  const bundle = `${release.folder}/deploy`;
  const losing = steps.flatMap((step) => step.losses.map((loss) => ({ step, loss })));
  if (options.dryRun === true || steps.length === 0) return { release, steps, bundle, rolledBack: false };
  if (losing.length > 0 && options.acceptDataLoss !== true) {
    throw new KeelError(
      'KEEL_ROLLBACK_LOSES_DATA',
      `rolling back to ${version} would lose data:\n${losing
        .map(
          ({ step, loss }) =>
            `  ${step.file}: ${loss.message} (${loss.count === null ? 'could not count' : `${loss.count} now`})`,
        )
        .join('\n')}\nnothing was rolled back`,
      { extensions: { steps } },
    );
  }
  await rollback(database, migrations, { to: level, log: options.log });
  return { release, steps, bundle, rolledBack: true };
}

async function countOf(database: Database, check: string): Promise<number | null> {
  try {
    const { rows } = await sql.raw<{ count: string | number }>(check.replace(/;\s*$/, '')).execute(database.db);
    return Number(rows[0]?.count ?? 0);
  } catch {
    return null; // the table or column is gone already, or the query is refused: say it could not be counted
  }
}
