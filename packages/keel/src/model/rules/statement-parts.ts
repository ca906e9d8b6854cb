import type { AlterTableCmd, ColumnDef } from 'libpg-query';
import type { Location } from '../../journey/finding.ts';
import type { SqlType, Statement } from '../model-model.ts';
import { constraintsOf, nodeAs, nodesAs, sqlType } from '../sql-ast.ts';

/** The commands of an ALTER TABLE statement; none for other statements. */
export function alterCommands(statement: Statement): AlterTableCmd[] {
  const alter = nodeAs(statement.node, 'AlterTableStmt');
  if (alter === undefined || alter.objtype === 'OBJECT_INDEX') return [];
  return nodesAs(alter.cmds, 'AlterTableCmd');
}

/** A column as a statement declares it, or the type an ALTER COLUMN … TYPE gives it. */
export interface DeclaredColumn {
  readonly column: string;
  readonly type: SqlType;
  /** CREATE TABLE, ADD COLUMN, or ALTER COLUMN … TYPE. */
  readonly via: 'create' | 'add' | 'alter type';
  readonly definition: ColumnDef;
  readonly at: Location;
}

export function declaredColumns(statement: Statement): DeclaredColumn[] {
  const declared = (
    definition: ColumnDef,
    via: DeclaredColumn['via'],
    column = definition.colname ?? '',
  ): DeclaredColumn => ({
    column,
    type: sqlType(definition.typeName),
    via,
    definition,
    at: statement.locate(definition.typeName?.location ?? definition.location),
  });
  const create = nodeAs(statement.node, 'CreateStmt');
  if (create !== undefined) {
    return nodesAs(create.tableElts, 'ColumnDef').map((definition) => declared(definition, 'create'));
  }
  return alterCommands(statement).flatMap((cmd) => {
    const definition = nodeAs(cmd.def, 'ColumnDef');
    if (definition === undefined) return [];
    if (cmd.subtype === 'AT_AddColumn') return [declared(definition, 'add')];
    if (cmd.subtype === 'AT_AlterColumnType') return [declared(definition, 'alter type', cmd.name ?? '')];
    return [];
  });
}

/** The columns an ALTER TABLE adds. */
export function addedColumns(statement: Statement): ColumnDef[] {
  return alterCommands(statement).flatMap((cmd) => {
    const definition = cmd.subtype === 'AT_AddColumn' ? nodeAs(cmd.def, 'ColumnDef') : undefined;
    return definition === undefined ? [] : [definition];
  });
}

export function hasConstraint(definition: ColumnDef, ...types: readonly string[]): boolean {
  return constraintsOf(definition.constraints).some((constraint) => types.includes(constraint.contype ?? ''));
}

/** `table.column`, as messages name a column. */
export function columnName(statement: Statement, column: string): string {
  return `${statement.table ?? '?'}.${column}`;
}
