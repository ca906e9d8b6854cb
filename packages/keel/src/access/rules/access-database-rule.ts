import type { Issue, Severity } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { accessFacts, type AccessFacts } from '../access-facts.ts';
import type { AccessModel } from '../access-model.ts';
import { accessDatabase, type AccessDatabase } from '../database/access-database.ts';

/**
 * A rule of the design review that reads the migrated scratch database (PGlite, or `--database`): built once per run
 * and shared; the rule stays quiet when there is no database to build (no migrations, or one that does not parse) or
 * the migrations fail to apply, which the model stage reports.
 *
 * @example
 * export const rlsNotEnabled = accessDatabaseRule({ id: 'access/rls-not-enabled', severity: 'error', summary, fix, find });
 */
export function accessDatabaseRule(definition: {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly fix: string;
  find(model: AccessModel, database: AccessDatabase, facts: AccessFacts): readonly Issue[];
}): Rule<AccessModel> {
  return {
    id: definition.id,
    severity: definition.severity,
    summary: definition.summary,
    fix: definition.fix,
    async run(model, context) {
      const database = await accessDatabase(model, context);
      if (database === undefined || database.review.migrationError !== undefined) return [];
      return definition.find(model, database, await accessFacts(model, context));
    },
  };
}
