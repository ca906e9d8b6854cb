import type { TraceNode } from '../journey/stage.ts';
import type { DataModel } from './model-model.ts';

/**
 * The identifiers the data model defines, for `keel trace`: tables (named as in SQL) and migrations (`M-0003`), which
 * create tables.
 */
export function traceModel(model: DataModel): TraceNode[] {
  const tables = model.tables.map((table): TraceNode => ({
    id: table.name,
    kind: 'table',
    stage: 'model',
    title: `table ${table.name} (${table.columns.map((column) => column.name).join(', ')})`,
    at: table.at,
    links: [],
  }));
  const migrations = model.migrations.map((migration): TraceNode => ({
    id: migration.id,
    kind: 'migration',
    stage: 'model',
    title: migration.migration.file,
    at: { file: migration.file, line: 1, column: 1 },
    links: migration.creates.map((table) => ({ to: table, relation: 'creates', inverse: 'created by' })),
  }));
  return [...tables, ...migrations];
}
