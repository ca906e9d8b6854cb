import type { Constraint, Node, RangeVar, TypeName } from 'libpg-query';
import type { IndexKey, SqlType } from './model-model.ts';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The parse-node types, e.g. `CreateStmt`, `ColumnDef`, `FuncCall`. */
export type NodeKind = KeysOfUnion<Node>;
export type NodeOf<Kind extends NodeKind> = Extract<Node, Record<Kind, unknown>>[Kind];

/** The node's content when it is of the given type. */
export function nodeAs<Kind extends NodeKind>(node: Node | undefined, kind: Kind): NodeOf<Kind> | undefined {
  if (node === undefined || !(kind in node)) return undefined;
  return (node as unknown as Record<Kind, NodeOf<Kind>>)[kind];
}

/** Every node of one type in a list of nodes. */
export function nodesAs<Kind extends NodeKind>(nodes: readonly Node[] | undefined, kind: Kind): NodeOf<Kind>[] {
  return (nodes ?? []).flatMap((node) => {
    const found = nodeAs(node, kind);
    return found === undefined ? [] : [found];
  });
}

/** `String` nodes' values: identifiers in name lists. */
export function names(nodes: readonly Node[] | undefined): string[] {
  return nodesAs(nodes, 'String').map((value) => value.sval ?? '');
}

/** A table's name as the model keys it: `public.` dropped, other schemas kept. */
export function relationName(relation: RangeVar | undefined): string | undefined {
  if (relation?.relname === undefined) return undefined;
  const schema = relation.schemaname;
  return schema === undefined || schema === 'public' ? relation.relname : `${schema}.${relation.relname}`;
}

/** A qualified name given as a list of `String` nodes (`DROP TABLE public.a`). */
export function qualifiedName(nodes: readonly Node[] | undefined): string {
  const parts = names(nodes);
  return parts.length === 2 && parts[0] === 'public' ? (parts[1] ?? '') : parts.join('.');
}

export function constraintsOf(nodes: readonly Node[] | undefined): Constraint[] {
  return nodesAs(nodes, 'Constraint');
}

const spelled: Readonly<Record<string, string>> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
};

export function sqlType(typeName: TypeName | undefined): SqlType {
  const parts = names(typeName?.names);
  const name = parts.length === 2 && parts[0] === 'pg_catalog' ? (parts[1] ?? '') : parts.join('.');
  const modifiers = nodesAs(typeName?.typmods, 'A_Const').map((constant) => constant.ival?.ival ?? 0);
  const array = (typeName?.arrayBounds?.length ?? 0) > 0;
  const text = `${spelled[name] ?? name}${modifiers.length > 0 ? `(${modifiers.join(', ')})` : ''}${array ? '[]' : ''}`;
  return { name, modifiers, array, text };
}

const serialTypes = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

export function isSerial(type: SqlType): boolean {
  return serialTypes.has(type.name);
}

/** The parse tree as text without positions: two expressions written alike compare equal. */
export function canonical(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => (key === 'location' ? undefined : value));
}

/** An index element: a column, or an expression. */
export function indexKey(element: NodeOf<'IndexElem'>): IndexKey {
  if (element.name !== undefined) return { value: element.name, text: element.name };
  return { value: `(${canonical(element.expr)})`, text: '(expression)' };
}

/** The names of every function called anywhere in a parse tree, without their schema. */
export function calledFunctions(node: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'FuncCall') found.push(names((child as NodeOf<'FuncCall'>).funcname).at(-1) ?? '');
        visit(child);
      }
    }
  };
  visit(node);
  return found;
}
