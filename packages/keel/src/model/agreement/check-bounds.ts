import type { Node } from 'libpg-query';
import { names, nodeAs } from '../sql-ast.ts';
import type { CheckConstraint } from './column-facts.ts';

const lengthFunctions = new Set(['char_length', 'character_length', 'length']);

/**
 * The longest text a column's CHECKs allow: `char_length(c) <= n`, `< n`, `BETWEEN m AND n`, alone or joined by AND.
 * Undefined when no CHECK bounds it.
 */
export function checkedMaxLength(checks: readonly CheckConstraint[], column: string): number | undefined {
  const bounds = checks.flatMap((check) => conjuncts(check.expression)).flatMap((term) => lengthBound(term, column));
  return bounds.length === 0 ? undefined : Math.min(...bounds);
}

/** The values `c IN (...)` or `c = ANY (ARRAY[...])` allows; undefined when no CHECK lists them. */
export function checkedValues(checks: readonly CheckConstraint[], column: string): readonly string[] | undefined {
  for (const term of checks.flatMap((check) => conjuncts(check.expression))) {
    const expression = nodeAs(term, 'A_Expr');
    if (expression === undefined || columnOf(expression.lexpr) !== column) continue;
    if (names(expression.name)[0] !== '=') continue;
    if (expression.kind === 'AEXPR_IN') return stringsOf(nodeAs(expression.rexpr, 'List')?.items);
    if (expression.kind === 'AEXPR_OP_ANY') return stringsOf(nodeAs(expression.rexpr, 'A_ArrayExpr')?.elements);
  }
  return undefined;
}

function conjuncts(node: Node): Node[] {
  const bool = nodeAs(node, 'BoolExpr');
  return bool?.boolop === 'AND_EXPR' ? (bool.args ?? []).flatMap(conjuncts) : [node];
}

function lengthBound(term: Node, column: string): number[] {
  const expression = nodeAs(term, 'A_Expr');
  if (expression === undefined) return [];
  const call = nodeAs(expression.lexpr, 'FuncCall');
  const called = names(call?.funcname).at(-1) ?? '';
  if (!lengthFunctions.has(called) || columnOf(call?.args?.[0]) !== column) return [];
  const operator = names(expression.name)[0];
  if (expression.kind === 'AEXPR_BETWEEN') {
    const upper = integerOf(nodeAs(expression.rexpr, 'List')?.items?.[1]);
    return upper === undefined ? [] : [upper];
  }
  const bound = integerOf(expression.rexpr);
  if (expression.kind !== 'AEXPR_OP' || bound === undefined) return [];
  if (operator === '<=') return [bound];
  if (operator === '<') return [bound - 1];
  if (operator === '=') return [bound];
  return [];
}

function columnOf(node: Node | undefined): string | undefined {
  const reference = nodeAs(node, 'ColumnRef');
  const fields = names(reference?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

function integerOf(node: Node | undefined): number | undefined {
  const constant = nodeAs(node, 'A_Const');
  return constant?.ival === undefined ? undefined : (constant.ival.ival ?? 0);
}

function stringsOf(nodes: readonly Node[] | undefined): readonly string[] | undefined {
  const values = (nodes ?? []).map((node) => {
    const constant = nodeAs(node, 'A_Const') ?? nodeAs(nodeAs(node, 'TypeCast')?.arg, 'A_Const');
    return constant?.sval?.sval;
  });
  return values.every((value) => value !== undefined) ? values : undefined;
}
