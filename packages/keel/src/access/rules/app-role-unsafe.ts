import type { Issue } from '../../journey/finding.ts';
import { applicationRoleName } from '../row-level-security.ts';
import { accessDatabaseRule } from './access-database-rule.ts';

/** A superuser, a BYPASSRLS role or an owner (without `force`) is not bound by row-level security. */
export const appRoleUnsafe = accessDatabaseRule({
  id: 'access/app-role-unsafe',
  severity: 'error',
  summary: `After the migrations, ${applicationRoleName} is no superuser, has no BYPASSRLS and owns no table or schema.`,
  fix: `Leave ${applicationRoleName} to Keel: remove the migration statements that alter it or give it ownership (\`alter table … owner to ${applicationRoleName}\`).`,
  find: (model, { review }) => {
    const role = review.applicationRole;
    if (role === undefined) return [];
    const problems = [
      ...(role.superuser ? ['is a superuser'] : []),
      ...(role.bypassRls ? ['has BYPASSRLS'] : []),
      ...(role.owns.length > 0 ? [`owns ${role.owns.join(', ')}`] : []),
    ];
    return problems.map((problem): Issue => ({
      message: `the application role ${applicationRoleName} ${problem}: row-level security would not bind request transactions`,
      at: model.at,
    }));
  },
});
