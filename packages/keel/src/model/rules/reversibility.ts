import type { CheckContext } from '../../journey/stage.ts';
import type { ReversibilityIssue } from '../catalog/index.ts';
import type { DataModel, ModelMigration } from '../model-model.ts';
import type { Hit } from './lint-rule.ts';
import { modelProof } from './model-proof.ts';

/** The up/down/up proof's issues (see modelProof). */
export async function reversibilityIssues(
  model: DataModel,
  context: CheckContext,
): Promise<readonly ReversibilityIssue[]> {
  return (await modelProof(model, context)).reversibility;
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
