import { lintRule, type Hit } from './lint-rule.ts';

/** `model/table-without-primary-key`: every row can be named. */
export const tableWithoutPrimaryKey = lintRule({
  id: 'model/table-without-primary-key',
  severity: 'warning',
  summary: 'Every table has a primary key once the migrations have run.',
  fix: 'Add a primary key: `id bigint generated always as identity primary key` or `id uuid primary key default gen_random_uuid()` (logical replication and most tools need one).',
  find: (model) =>
    model.tables
      .filter((table) => !table.indexes.some((index) => index.origin === 'primary key'))
      .map((table): Hit => ({
        statement: table.statement,
        at: table.at,
        message: `table ${table.name} has no primary key`,
      })),
});
