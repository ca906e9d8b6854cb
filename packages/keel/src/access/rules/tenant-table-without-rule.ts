import { accessRule } from './access-rule.ts';

/** Row-level security is generated from the operations touching a table: a tenant table none touches gets no policy. */
export const tenantTableWithoutRule = accessRule({
  id: 'access/tenant-table-without-rule',
  severity: 'error',
  summary:
    'Every table with the tenant column is the table of at least one operation of access.yaml (it gets a row-level rule).',
  fix: 'Add the operations that read or write the table to the contract (with x-keel-table) and to access.yaml.',
  find: (model, facts) => {
    const tenancy = model.tenancy;
    if (tenancy === undefined || facts.tables === undefined) return [];
    const touched = new Set(model.operations.flatMap((entry) => facts.operations.get(entry.operationId)?.table ?? []));
    return [...facts.tables.values()]
      .filter(
        (table) => table.columns.some((column) => column.name === tenancy.column.value) && !touched.has(table.name),
      )
      .map((table) => ({
        message: `${table.name} has the tenant column ${tenancy.column.value}, but no operation of access.yaml touches it: it gets no row-level rule`,
        at: table.at,
      }));
  },
});
