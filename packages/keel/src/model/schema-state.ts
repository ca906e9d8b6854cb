import type { ColumnDef, Constraint, Node } from 'libpg-query';
import type { Location } from '../journey/finding.ts';
import type { Column, ForeignKey, IndexKey, Statement, Table, TableIndex } from './model-model.ts';
import {
  canonical,
  constraintsOf,
  indexKey,
  names,
  nodeAs,
  nodesAs,
  qualifiedName,
  relationName,
  sqlType,
} from './sql-ast.ts';

interface MutableTable {
  name: string;
  createdIn: string;
  statement: Statement;
  at: Location;
  columns: Column[];
  foreignKeys: ForeignKey[];
  indexes: TableIndex[];
}

/** The tables as the statements applied so far declare them. */
export interface SchemaState {
  /** The tables a statement acts on, judged before it runs (a DROP INDEX acts on its index's table). */
  tablesOf(node: Node): string[];
  /** The migration that created a table; undefined when no migration did. */
  createdIn(table: string): string | undefined;
  table(name: string): Table | undefined;
  apply(statement: Statement): void;
  tables(): readonly Table[];
}

/**
 * Replays CREATE TABLE, ALTER TABLE, CREATE/DROP INDEX, DROP TABLE and renames in order to know, at each statement,
 * which tables exist, which migration created them, and their columns, keys and indexes. Statements it does not model
 * (functions, views, data changes) leave the tables as they are.
 */
export function createSchemaState(): SchemaState {
  const tables = new Map<string, MutableTable>();

  const indexTable = (index: string): MutableTable | undefined =>
    [...tables.values()].find((table) => table.indexes.some((entry) => entry.name === index));

  return {
    tablesOf(node) {
      const relation =
        nodeAs(node, 'CreateStmt')?.relation ??
        nodeAs(node, 'IndexStmt')?.relation ??
        nodeAs(node, 'CreateTableAsStmt')?.into?.rel;
      if (relation !== undefined) return [relationName(relation) ?? ''];
      const alter = nodeAs(node, 'AlterTableStmt');
      if (alter !== undefined) {
        const name = relationName(alter.relation) ?? '';
        return alter.objtype === 'OBJECT_INDEX' ? listOf(indexTable(name)?.name) : [name];
      }
      const rename = nodeAs(node, 'RenameStmt');
      if (rename !== undefined) {
        const name = relationName(rename.relation) ?? '';
        return rename.renameType === 'OBJECT_INDEX' ? listOf(indexTable(name)?.name) : [name];
      }
      const truncate = nodeAs(node, 'TruncateStmt');
      if (truncate !== undefined) return nodesAs(truncate.relations, 'RangeVar').map((rv) => relationName(rv) ?? '');
      const drop = nodeAs(node, 'DropStmt');
      if (drop?.removeType === 'OBJECT_TABLE') return droppedNames(drop.objects);
      if (drop?.removeType === 'OBJECT_INDEX') {
        return [...new Set(droppedNames(drop.objects).flatMap((index) => listOf(indexTable(index)?.name)))];
      }
      return [];
    },
    createdIn: (table) => tables.get(table)?.createdIn,
    table(name) {
      const table = tables.get(name);
      return table === undefined ? undefined : snapshot(table);
    },
    apply(statement) {
      applyStatement(statement, tables, indexTable);
    },
    tables: () => Object.freeze([...tables.values()].map(snapshot)),
  };
}

function applyStatement(
  statement: Statement,
  tables: Map<string, MutableTable>,
  indexTable: (index: string) => MutableTable | undefined,
): void {
  const { node } = statement;
  const create = nodeAs(node, 'CreateStmt');
  if (create !== undefined) {
    const name = relationName(create.relation) ?? '';
    if (tables.has(name)) return; // IF NOT EXISTS, or a table the migrations create twice
    const table: MutableTable = {
      name,
      createdIn: statement.migration,
      statement,
      at: statement.at,
      columns: [],
      foreignKeys: [],
      indexes: [],
    };
    tables.set(name, table);
    for (const element of create.tableElts ?? []) {
      const column = nodeAs(element, 'ColumnDef');
      if (column !== undefined) addColumn(table, column, statement);
      const constraint = nodeAs(element, 'Constraint');
      if (constraint !== undefined) addConstraint(table, constraint, [], statement, indexTable);
    }
    return;
  }
  const index = nodeAs(node, 'IndexStmt');
  if (index !== undefined) {
    const table = tables.get(relationName(index.relation) ?? '');
    if (table === undefined) return;
    const keys = nodesAs(index.indexParams, 'IndexElem').map(indexKey);
    const name = index.idxname ?? defaultName(table.name, keys, 'idx');
    if (table.indexes.some((entry) => entry.name === name)) return; // IF NOT EXISTS
    table.indexes.push({
      name,
      origin: 'index',
      keys,
      method: index.accessMethod ?? 'btree',
      unique: index.unique === true,
      predicate: index.whereClause === undefined ? '' : canonical(index.whereClause),
      statement,
      at: statement.at,
    });
    return;
  }
  const alter = nodeAs(node, 'AlterTableStmt');
  if (alter !== undefined && alter.objtype !== 'OBJECT_INDEX') {
    const table = tables.get(relationName(alter.relation) ?? '');
    if (table === undefined) return;
    for (const cmd of nodesAs(alter.cmds, 'AlterTableCmd')) {
      const column = cmd.name ?? '';
      switch (cmd.subtype) {
        case 'AT_AddColumn': {
          const definition = nodeAs(cmd.def, 'ColumnDef');
          if (definition !== undefined) addColumn(table, definition, statement);
          break;
        }
        case 'AT_DropColumn':
          table.columns = table.columns.filter((entry) => entry.name !== column);
          table.indexes = table.indexes.filter((entry) => !entry.keys.some((key) => key.value === column));
          table.foreignKeys = table.foreignKeys.filter((entry) => !entry.columns.includes(column));
          break;
        case 'AT_AlterColumnType': {
          const type = sqlType(nodeAs(cmd.def, 'ColumnDef')?.typeName);
          table.columns = table.columns.map((entry) => (entry.name === column ? { ...entry, type, statement } : entry));
          break;
        }
        case 'AT_AddConstraint': {
          const constraint = nodeAs(cmd.def, 'Constraint');
          if (constraint !== undefined) addConstraint(table, constraint, [], statement, indexTable);
          break;
        }
        case 'AT_DropConstraint':
          table.indexes = table.indexes.filter((entry) => entry.origin === 'index' || entry.name !== column);
          table.foreignKeys = table.foreignKeys.filter((entry) => entry.name !== column);
          break;
        default:
          break;
      }
    }
    return;
  }
  const drop = nodeAs(node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_TABLE') {
    for (const name of droppedNames(drop.objects)) tables.delete(name);
    return;
  }
  if (drop?.removeType === 'OBJECT_INDEX') {
    for (const name of droppedNames(drop.objects)) {
      const table = indexTable(name);
      if (table !== undefined) table.indexes = table.indexes.filter((entry) => entry.name !== name);
    }
    return;
  }
  const rename = nodeAs(node, 'RenameStmt');
  if (rename !== undefined) applyRename(rename, tables, indexTable);
}

function applyRename(
  rename: NonNullable<ReturnType<typeof nodeAs<'RenameStmt'>>>,
  tables: Map<string, MutableTable>,
  indexTable: (index: string) => MutableTable | undefined,
): void {
  const from = relationName(rename.relation) ?? '';
  const to = rename.newname ?? '';
  switch (rename.renameType) {
    case 'OBJECT_TABLE': {
      const table = tables.get(from);
      if (table === undefined) return;
      const schema = from.includes('.') ? `${from.slice(0, from.indexOf('.'))}.` : '';
      tables.delete(from);
      table.name = `${schema}${to}`;
      tables.set(table.name, table);
      for (const other of tables.values()) {
        other.foreignKeys = other.foreignKeys.map((key) =>
          key.references === from ? { ...key, references: table.name } : key,
        );
      }
      return;
    }
    case 'OBJECT_COLUMN': {
      const table = tables.get(from);
      const old = rename.subname ?? '';
      if (table === undefined) return;
      const renameKey = (key: IndexKey): IndexKey => (key.value === old ? { value: to, text: to } : key);
      table.columns = table.columns.map((column) => (column.name === old ? { ...column, name: to } : column));
      table.indexes = table.indexes.map((entry) => ({ ...entry, keys: entry.keys.map(renameKey) }));
      table.foreignKeys = table.foreignKeys.map((key) => ({
        ...key,
        columns: key.columns.map((column) => (column === old ? to : column)),
      }));
      return;
    }
    case 'OBJECT_INDEX':
    case 'OBJECT_TABCONSTRAINT': {
      const old = rename.renameType === 'OBJECT_INDEX' ? from : (rename.subname ?? '');
      const table = rename.renameType === 'OBJECT_INDEX' ? indexTable(from) : tables.get(from);
      if (table === undefined) return;
      table.indexes = table.indexes.map((entry) => (entry.name === old ? { ...entry, name: to } : entry));
      table.foreignKeys = table.foreignKeys.map((key) => (key.name === old ? { ...key, name: to } : key));
      return;
    }
    default:
      return;
  }
}

function addColumn(table: MutableTable, definition: ColumnDef, statement: Statement): void {
  const name = definition.colname ?? '';
  const at = statement.locate(definition.location);
  table.columns.push({ name, type: sqlType(definition.typeName), statement, at });
  for (const constraint of constraintsOf(definition.constraints))
    addConstraint(table, constraint, [name], statement, () => undefined);
}

/** A table or column constraint; `columns` is the column a column constraint is written on. */
function addConstraint(
  table: MutableTable,
  constraint: Constraint,
  columns: readonly string[],
  statement: Statement,
  indexTable: (index: string) => MutableTable | undefined,
): void {
  const at = statement.locate(constraint.location);
  switch (constraint.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': {
      const primary = constraint.contype === 'CONSTR_PRIMARY';
      const origin = primary ? 'primary key' : 'unique';
      const name = constraint.conname ?? (primary ? `${table.name}_pkey` : undefined);
      if (constraint.indexname !== undefined) {
        // ADD CONSTRAINT … USING INDEX: the index becomes the constraint's, under the constraint's name.
        const owner = indexTable(constraint.indexname);
        table.indexes = (owner ?? table).indexes.map((entry) =>
          entry.name === constraint.indexname ? { ...entry, origin, name: name ?? entry.name, unique: true } : entry,
        );
        return;
      }
      const keys = columnsOrKeys(constraint.keys, columns).map((column) => ({ value: column, text: column }));
      table.indexes.push({
        name: name ?? defaultName(table.name, keys, 'key'),
        origin,
        keys,
        method: 'btree',
        unique: true,
        predicate: '',
        statement,
        at,
      });
      return;
    }
    case 'CONSTR_EXCLUSION': {
      const keys = nodesAs(constraint.exclusions, 'List').flatMap((pair) =>
        nodesAs(pair.items?.slice(0, 1), 'IndexElem').map(indexKey),
      );
      table.indexes.push({
        name: constraint.conname ?? defaultName(table.name, keys, 'excl'),
        origin: 'exclusion',
        keys,
        method: constraint.access_method ?? 'btree',
        unique: false,
        predicate: constraint.where_clause === undefined ? '' : canonical(constraint.where_clause),
        statement,
        at,
      });
      return;
    }
    case 'CONSTR_FOREIGN': {
      const keyColumns = columnsOrKeys(constraint.fk_attrs, columns);
      table.foreignKeys.push({
        name:
          constraint.conname ??
          defaultName(
            table.name,
            keyColumns.map((column) => ({ value: column, text: column })),
            'fkey',
          ),
        columns: keyColumns,
        references: relationName(constraint.pktable) ?? '',
        statement,
        at,
      });
      return;
    }
    default:
      return;
  }
}

function columnsOrKeys(keys: readonly Node[] | undefined, columns: readonly string[]): string[] {
  const declared = names(keys);
  return declared.length > 0 ? declared : [...columns];
}

/** PostgreSQL's default name for an index or constraint: `bookings_org_id_starts_at_idx`. */
function defaultName(table: string, keys: readonly IndexKey[], suffix: string): string {
  const columns = keys.map((key) => (key.value.startsWith('(') ? 'expr' : key.value));
  return [table.slice(table.lastIndexOf('.') + 1), ...columns, suffix].join('_');
}

function droppedNames(objects: readonly Node[] | undefined): string[] {
  return nodesAs(objects, 'List').map((list) => qualifiedName(list.items));
}

function listOf(value: string | undefined): string[] {
  return value === undefined ? [] : [value];
}

function snapshot(table: MutableTable): Table {
  return Object.freeze({
    name: table.name,
    createdIn: table.createdIn,
    statement: table.statement,
    at: table.at,
    columns: Object.freeze([...table.columns]),
    foreignKeys: Object.freeze([...table.foreignKeys]),
    indexes: Object.freeze([...table.indexes]),
  });
}
