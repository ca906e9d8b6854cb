import type { Constraint, Node } from 'libpg-query';
import type { DataModel } from '../model-model.ts';
import { constraintsOf, names, nodeAs, nodesAs, qualifiedName, relationName } from '../sql-ast.ts';

/** What the contract agreement needs of a column beyond its type. */
export interface ColumnFact {
  readonly notNull: boolean;
  /** The database fills it: a default, an identity, a generated expression, or a serial type. */
  readonly generated: boolean;
}

/** A CHECK constraint: its name (for DROP CONSTRAINT) and its expression as parsed. */
export interface CheckConstraint {
  readonly name: string | undefined;
  readonly expression: Node;
}

/** NOT NULL, defaults and CHECKs of every table, and the labels of every enum type, after the last migration. */
export interface ColumnFacts {
  column(table: string, column: string): ColumnFact;
  checks(table: string): readonly CheckConstraint[];
  /** An enum type's labels; undefined when the migrations create no such enum. */
  enumLabels(type: string): readonly string[] | undefined;
}

interface MutableFacts {
  columns: Map<string, { notNull: boolean; generated: boolean }>;
  checks: CheckConstraint[];
}

const serials = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/**
 * Replays the up sections for what the data model's tables leave out: NOT NULL (primary keys included), defaults and
 * identities, CHECK constraints, and enum types. Statements it does not model change nothing.
 */
export function columnFacts(model: DataModel): ColumnFacts {
  const tables = new Map<string, MutableFacts>();
  const enums = new Map<string, string[]>();
  for (const migration of model.migrations) {
    for (const { node } of migration.up) applyFacts(node, tables, enums);
  }
  return {
    column: (table, column) => tables.get(table)?.columns.get(column) ?? { notNull: false, generated: false },
    checks: (table) => tables.get(table)?.checks ?? [],
    enumLabels: (type) => enums.get(type),
  };
}

function applyFacts(node: Node, tables: Map<string, MutableFacts>, enums: Map<string, string[]>): void {
  const create = nodeAs(node, 'CreateStmt');
  if (create !== undefined) {
    const name = relationName(create.relation) ?? '';
    if (tables.has(name)) return;
    const table: MutableFacts = { columns: new Map(), checks: [] };
    tables.set(name, table);
    for (const element of create.tableElts ?? []) {
      const column = nodeAs(element, 'ColumnDef');
      if (column !== undefined) addColumn(table, column);
      const constraint = nodeAs(element, 'Constraint');
      if (constraint !== undefined) addConstraint(table, constraint, undefined);
    }
    return;
  }
  const createEnum = nodeAs(node, 'CreateEnumStmt');
  if (createEnum !== undefined) {
    enums.set(qualifiedName(createEnum.typeName), names(createEnum.vals));
    return;
  }
  const alterEnum = nodeAs(node, 'AlterEnumStmt');
  if (alterEnum !== undefined) {
    const labels = enums.get(qualifiedName(alterEnum.typeName));
    if (labels === undefined) return;
    if (alterEnum.oldVal !== undefined && alterEnum.newVal !== undefined) {
      labels.splice(labels.indexOf(alterEnum.oldVal), 1, alterEnum.newVal);
    } else if (alterEnum.newVal !== undefined && !labels.includes(alterEnum.newVal)) labels.push(alterEnum.newVal);
    return;
  }
  const alter = nodeAs(node, 'AlterTableStmt');
  if (alter !== undefined && alter.objtype !== 'OBJECT_INDEX') {
    const table = tables.get(relationName(alter.relation) ?? '');
    if (table !== undefined) for (const cmd of nodesAs(alter.cmds, 'AlterTableCmd')) alterColumn(table, cmd);
    return;
  }
  const rename = nodeAs(node, 'RenameStmt');
  if (rename !== undefined) {
    const from = relationName(rename.relation) ?? '';
    const table = tables.get(from);
    if (table === undefined) return;
    if (rename.renameType === 'OBJECT_TABLE') {
      tables.delete(from);
      const schema = from.includes('.') ? `${from.slice(0, from.indexOf('.'))}.` : '';
      tables.set(`${schema}${rename.newname ?? ''}`, table);
    } else if (rename.renameType === 'OBJECT_COLUMN') {
      const fact = table.columns.get(rename.subname ?? '');
      table.columns.delete(rename.subname ?? '');
      if (fact !== undefined) table.columns.set(rename.newname ?? '', fact);
    }
    return;
  }
  const drop = nodeAs(node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_TABLE') {
    for (const list of nodesAs(drop.objects, 'List')) tables.delete(qualifiedName(list.items));
  }
}

function alterColumn(table: MutableFacts, cmd: NonNullable<ReturnType<typeof nodeAs<'AlterTableCmd'>>>): void {
  const fact = table.columns.get(cmd.name ?? '');
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const definition = nodeAs(cmd.def, 'ColumnDef');
      if (definition !== undefined) addColumn(table, definition);
      return;
    }
    case 'AT_DropColumn':
      table.columns.delete(cmd.name ?? '');
      return;
    case 'AT_SetNotNull':
    case 'AT_DropNotNull':
      if (fact !== undefined) fact.notNull = cmd.subtype === 'AT_SetNotNull';
      return;
    case 'AT_ColumnDefault':
    case 'AT_AddIdentity':
    case 'AT_DropIdentity':
      if (fact !== undefined) fact.generated = cmd.subtype === 'AT_AddIdentity' || cmd.def !== undefined;
      return;
    case 'AT_AddConstraint': {
      const constraint = nodeAs(cmd.def, 'Constraint');
      if (constraint !== undefined) addConstraint(table, constraint, undefined);
      return;
    }
    case 'AT_DropConstraint':
      table.checks = table.checks.filter((check) => check.name !== cmd.name);
      return;
    default:
      return;
  }
}

function addColumn(table: MutableFacts, definition: NonNullable<ReturnType<typeof nodeAs<'ColumnDef'>>>): void {
  const name = definition.colname ?? '';
  const type = names(definition.typeName?.names).at(-1) ?? '';
  table.columns.set(name, { notNull: false, generated: serials.has(type) });
  for (const constraint of constraintsOf(definition.constraints)) addConstraint(table, constraint, name);
}

function addConstraint(table: MutableFacts, constraint: Constraint, column: string | undefined): void {
  const columns = column === undefined ? names(constraint.keys) : [column];
  switch (constraint.contype) {
    case 'CONSTR_NOTNULL':
    case 'CONSTR_PRIMARY':
      for (const name of columns) {
        const fact = table.columns.get(name);
        if (fact !== undefined) fact.notNull = true;
      }
      return;
    case 'CONSTR_DEFAULT':
    case 'CONSTR_IDENTITY':
    case 'CONSTR_GENERATED':
      for (const name of columns) {
        const fact = table.columns.get(name);
        if (fact !== undefined) fact.generated = true;
      }
      return;
    case 'CONSTR_CHECK':
      if (constraint.raw_expr !== undefined) {
        table.checks.push({ name: constraint.conname, expression: constraint.raw_expr });
      }
      return;
    default:
      return;
  }
}
