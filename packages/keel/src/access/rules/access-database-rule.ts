import type { Issue } from '../../journey/finding.ts';
import { derivedRule, type Rule, type RuleHead } from '../../journey/stage.ts';
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
export function accessDatabaseRule(
  definition: RuleHead & {
    find(model: AccessModel, database: AccessDatabase, facts: AccessFacts): readonly Issue[];
  },
): Rule<AccessModel> {
  return derivedRule(
    definition,
    async (model: AccessModel, context) => {
      const database = await accessDatabase(model, context);
      if (database === undefined || database.review.migrationError !== undefined) return undefined;
      return { database, facts: await accessFacts(model, context) };
    },
    ({ database, facts }, model) => definition.find(model, database, facts),
  );
}
