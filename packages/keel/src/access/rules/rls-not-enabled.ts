import type { Issue } from '../../journey/finding.ts';
import { accessDatabaseRule } from './access-database-rule.ts';

/** Without `enable`, a table has no row-level security; without `force`, its owner (and a handler as owner) skips it. */
export const rlsNotEnabled = accessDatabaseRule({
  id: 'access/rls-not-enabled',
  severity: 'error',
  summary:
    'After every migration, each tenant table, and each table whose rows a condition guards, has row-level security enabled and forced.',
  fix: 'Run `keel gen`: it writes migrations/NNNN_access_policies.sql, which enables and forces row-level security.',
  find: (model, { review, implied }, facts) => {
    const flags = new Map(review.tables.map((table) => [table.name, table]));
    const tenantColumn = model.tenancy?.column.value;
    return implied.flatMap(({ table }): Issue[] => {
      const snapshot = flags.get(table);
      if (snapshot === undefined || (snapshot.rowSecurity && snapshot.forceRowSecurity)) return [];
      const missing = [snapshot.rowSecurity ? [] : ['enabled'], snapshot.forceRowSecurity ? [] : ['forced']].flat();
      const tenant = facts.tables?.get(table)?.columns.some((column) => column.name === tenantColumn) === true;
      const why = tenant
        ? `is a tenant table (it has ${tenantColumn ?? ''})`
        : 'has rows a condition of access.yaml guards';
      return [
        {
          message: `${table} ${why}, but after every migration its row-level security is not ${missing.join(' nor ')}`,
          at: facts.tables?.get(table)?.at ?? model.at,
        },
      ];
    });
  },
});
