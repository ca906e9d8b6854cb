import { describeError } from '../../database/database-errors.ts';
import { isKeelError } from '../../errors/index.ts';
import { describeChanges, type CatalogDifference } from './compare-catalogs.ts';
import type { DroppedStorage, StorageIdentity } from './storage-identity.ts';

// What the proof tells a user about one migration, written for someone about to migrate or roll back.

/** The database's message and the line of the file it points at, from the migrator's error. */
export function failure(error: unknown): string {
  const message = describeError(isKeelError(error) && error.cause !== undefined ? error.cause : error);
  const line = isKeelError(error) ? error.location?.line : undefined;
  return line === undefined ? message : `${message} (line ${line})`;
}

/** A difference between the catalog before the migration and after its down step. */
export function afterDownStep(name: string, difference: CatalogDifference): string {
  switch (difference.kind) {
    case 'missing':
      return `the down step of ${name} does not restore ${difference.object}, which existed before the migration`;
    case 'unexpected':
      return `the down step of ${name} leaves ${difference.object} behind`;
    case 'changed':
      return `the down step of ${name} does not restore ${difference.object} as it was (before the migration → after the rollback): ${describeChanges(difference.changes)}`;
  }
}

/** A difference between the catalog after the up step and after the same step applied again. */
export function afterReUpStep(name: string, difference: CatalogDifference): string {
  const again = `applied again after its down step, the up step of ${name}`;
  switch (difference.kind) {
    case 'missing':
      return `${again} no longer creates ${difference.object}`;
    case 'unexpected':
      return `${again} also leaves ${difference.object}, which the first run did not`;
    case 'changed':
      return `${again} gives a different ${difference.object} (first run → second run): ${describeChanges(difference.changes)}`;
  }
}

/** Tables and columns the up step drops: their rows or values are gone once it runs. */
export function dataLossByUp(name: string, dropped: DroppedStorage): { object: string; message: string }[] {
  const tables = dropped.tables.map((table) => ({
    object: `table ${table}`,
    message:
      `the up step of ${name} drops table ${table}: every row it holds is deleted when the migration runs, ` +
      'and no rollback can bring the rows back',
  }));
  const columns = dropped.columns.map((column) => ({
    object: `column ${column}`,
    message:
      `the up step of ${name} drops column ${column}: its value in every row of ${tableOf(column)} is deleted when ` +
      'the migration runs, and no rollback can bring the values back (the column would come back empty)',
  }));
  return [...tables, ...columns];
}

/** Tables and columns older than the migration that its down step drops. */
export function dataLossByDown(
  name: string,
  dropped: DroppedStorage,
  after: StorageIdentity,
): { object: string; message: string }[] {
  const names = new Set(after.tables.values());
  const columns = new Set(after.columns.values());
  const tables = dropped.tables.map((table) => ({
    object: `table ${table}`,
    message:
      `the down step of ${name} ${names.has(table) ? 'drops and re-creates' : 'drops'} table ${table}, which existed ` +
      `before the migration: rolling back deletes every row it holds, rows written before ${name} was applied included`,
  }));
  const droppedColumns = dropped.columns.map((column) => ({
    object: `column ${column}`,
    message:
      `the down step of ${name} ${columns.has(column) ? 'drops and re-creates' : 'drops'} column ${column}, which ` +
      `existed before the migration: rolling back deletes its value in every row of ${tableOf(column)}`,
  }));
  return [...tables, ...droppedColumns];
}

function tableOf(column: string): string {
  return column.slice(0, column.lastIndexOf('.'));
}
