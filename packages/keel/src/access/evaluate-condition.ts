import type { Condition, Operand } from './condition-ast.ts';

/** What a condition is evaluated against: the row, the principal, the request's path, and related rows for `exists`. */
export interface ConditionScope {
  readonly row: Readonly<Record<string, unknown>>;
  readonly principal: { readonly id?: string | undefined; readonly tenant?: string | undefined };
  readonly path?: Readonly<Record<string, string>>;
  /** The rows of a related table, for `exists(<table> where …)`; none when absent. */
  rows?(table: string): readonly Readonly<Record<string, unknown>>[];
}

/**
 * Evaluates a condition over a row object with SQL's three-valued logic, so the runtime decides as the row-level
 * security policy would: a comparison with a missing or null value is unknown (`null`), `and`/`or` follow Kleene's
 * tables, and only `true` allows.
 *
 * @example
 * evaluateCondition(parsed, { row: { created_by: 'u1' }, principal: { id: 'u1' } }); // true
 */
export function evaluateCondition(
  condition: Condition,
  scope: ConditionScope,
  other?: Readonly<Record<string, unknown>>,
): boolean | null {
  switch (condition.kind) {
    case 'comparison': {
      const left = valueOf(condition.left, scope, other);
      const right = valueOf(condition.right, scope, other);
      if (left === null || right === null) return null;
      const equal = sameValue(left, right);
      return condition.operator === '=' ? equal : !equal;
    }
    case 'null-check': {
      const isNull = valueOf(condition.operand, scope, other) === null;
      return condition.negated ? !isNull : isNull;
    }
    case 'and': {
      let result: boolean | null = true;
      for (const term of condition.terms) {
        const value = evaluateCondition(term, scope, other);
        if (value === false) return false;
        if (value === null) result = null;
      }
      return result;
    }
    case 'or': {
      let result: boolean | null = false;
      for (const term of condition.terms) {
        const value = evaluateCondition(term, scope, other);
        if (value === true) return true;
        if (value === null) result = null;
      }
      return result;
    }
    case 'exists':
      return (scope.rows?.(condition.table) ?? []).some(
        (row) => evaluateCondition(condition.where, scope, row) === true,
      );
  }
}

type Scalar = string | number | boolean;

function valueOf(
  operand: Operand,
  scope: ConditionScope,
  other: Readonly<Record<string, unknown>> | undefined,
): Scalar | null {
  switch (operand.kind) {
    case 'column':
      return scalar((operand.scope === 'row' ? scope.row : (other ?? {}))[operand.name]);
    case 'principal':
      return scalar(operand.attribute === 'id' ? scope.principal.id : scope.principal.tenant);
    case 'path':
      return scalar(scope.path?.[operand.name]);
    case 'literal':
      return operand.value;
  }
}

function scalar(value: unknown): Scalar | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return null;
}

/** Equal as PostgreSQL would compare them once cast to one type: `'42'` equals `42`, `'true'` equals `true`. */
function sameValue(left: Scalar, right: Scalar): boolean {
  if (typeof left === typeof right) return left === right;
  return String(left) === String(right);
}
