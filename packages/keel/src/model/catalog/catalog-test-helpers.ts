import { parseMigrationFile, type Migration } from '../../migrations/index.ts';
import type { CatalogSnapshot, TableSnapshot } from './catalog-snapshot.ts';

/** A migration parsed from its two sections, as `readMigrations` would give it (tests). */
export function testMigration(
  version: number,
  name: string,
  up: string,
  down: string,
  options: { readonly noTransaction?: boolean } = {},
): Migration {
  const marker = options.noTransaction === true ? '-- keel:no-transaction\n' : '';
  const text = `${marker}-- migrate:up\n${up}\n-- migrate:down\n${down}\n`;
  return parseMigrationFile(`/project/migrations/${String(version).padStart(4, '0')}_${name}.sql`, text);
}

/** What a fresh database holds: the `public` schema and `plpgsql` (tests). */
export function emptySnapshot(): CatalogSnapshot {
  return {
    schemas: [{ name: 'public', comment: 'standard public schema' }],
    extensions: [{ name: 'plpgsql', version: '1.0', schema: 'pg_catalog' }],
    types: [],
    tables: [],
    columns: [],
    constraints: [],
    indexes: [],
    sequences: [],
    views: [],
    functions: [],
    triggers: [],
    policies: [],
  };
}

/** An ordinary table as introspection reports it, `public` unless `changes` says otherwise (tests). */
export function tableSnapshot(name: string, changes: Partial<TableSnapshot> = {}): TableSnapshot {
  return {
    schema: 'public',
    name,
    kind: 'table',
    persistence: 'permanent',
    rowSecurity: false,
    forceRowSecurity: false,
    options: [],
    inherits: [],
    partitionKey: null,
    partitionBound: null,
    grants: [],
    comment: null,
    ...changes,
  };
}
