import type { CheckContext } from '../../journey/stage.ts';
import type { ReversibilityIssue } from '../catalog/index.ts';
import type { DataModel, ModelMigration } from '../model-model.ts';
import type { Hit } from './lint-rule.ts';

const proofs = new WeakMap<DataModel, Promise<readonly ReversibilityIssue[]>>();

/**
 * The up/down/up proof on a scratch database, run once per model for the rules that report it. It runs only when
 * every migration parses: otherwise `model/sql-syntax` already says what to fix first.
 */
export function reversibilityIssues(model: DataModel, context: CheckContext): Promise<readonly ReversibilityIssue[]> {
  let proof = proofs.get(model);
  if (proof === undefined) {
    proof = prove(model, context);
    proofs.set(model, proof);
  }
  return proof;
}

async function prove(model: DataModel, context: CheckContext): Promise<readonly ReversibilityIssue[]> {
  if (model.migrations.length === 0 || model.migrations.some((migration) => !migration.parsed)) return [];
  // Loaded on first use: the proof needs a database (PGlite, or a server) that the lint does not.
  const { proveReversibility } = await import('../catalog/index.ts');
  const { databaseUrl } = context.options;
  return proveReversibility({
    migrations: model.migrations.map((migration) => migration.migration),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  });
}

export type { ReversibilityIssue };

/** A proof's issue as a hit at the migration's `-- migrate:down` line. */
export function reversibilityHit(model: DataModel, issue: ReversibilityIssue): Hit {
  const migration = migrationOf(model, issue);
  return {
    at: migration?.downAt ?? { file: `${model.migrationsDir}/${issue.migration.file}` },
    message: issue.message,
  };
}

export function migrationOf(model: DataModel, issue: ReversibilityIssue): ModelMigration | undefined {
  return model.migrations.find((entry) => entry.migration.version === issue.migration.version);
}
