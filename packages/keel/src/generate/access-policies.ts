import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { accessFacts } from '../access/access-facts.ts';
import { accessStage } from '../access/access-stage.ts';
import { hasChanges, policiesMigration, policyChanges } from '../access/database/policy-changes.ts';
import { reviewAccessDatabase } from '../access/database/review-access-database.ts';
import { policiesFor } from '../access/row-level-security.ts';
import { KeelError } from '../errors/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { readMigrations } from '../migrations/index.ts';
import type { Project } from '../project/index.ts';

/** A migration `keel gen` writes. */
export interface GeneratedMigration {
  /** Absolute path of `migrations/NNNN_access_policies.sql`, numbered after the last migration. */
  readonly path: string;
  readonly content: string;
}

/**
 * The migration that brings the migrated schema's row-level security to what access.yaml implies (decision record
 * 0006), or undefined when the migrations already give exactly that, or the project has no access.yaml. Both sides are
 * compared as PostgreSQL prints them, on a scratch database with every migration applied.
 *
 * @example
 * const migration = await accessPoliciesMigration(project);
 * if (migration !== undefined) await writeFile(migration.path, migration.content);
 */
export async function accessPoliciesMigration(
  project: Project,
  options: { readonly databaseUrl?: string | undefined } = {},
): Promise<GeneratedMigration | undefined> {
  if (!existsSync(resolve(project.root, 'access.yaml'))) return undefined;
  const context = createCheckContext(
    project,
    options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl },
  );
  const access = await context.model(accessStage);
  if (access === undefined) {
    throw new KeelError('KEEL_CONFIG_INVALID', 'access.yaml cannot be read, so its row-level security is unknown.', {
      fix: 'Run `keel check access` and correct what it reports, then `keel gen` again.',
    });
  }
  const implied = policiesFor(access, await accessFacts(access, context));
  const migrations = await readMigrations(project.paths.migrations);
  const review = await reviewAccessDatabase({ migrations, expected: implied, databaseUrl: options.databaseUrl });
  if (review.migrationError !== undefined) {
    throw new KeelError('KEEL_MIGRATION_FAILED', `the migrations do not apply: ${review.migrationError}`);
  }
  if (!('policies' in review.expected)) {
    throw new KeelError(
      'KEEL_ACCESS_POLICIES_INVALID',
      `PostgreSQL refuses the policies access.yaml implies: ${review.expected.error}`,
    );
  }
  const changes = policyChanges(review.tables, review.policies, review.expected.policies, implied);
  if (!hasChanges(changes)) return undefined;
  const next = Math.max(0, ...migrations.map((migration) => migration.version)) + 1;
  return {
    path: join(project.paths.migrations, `${String(next).padStart(4, '0')}_access_policies.sql`),
    content: policiesMigration(changes),
  };
}
