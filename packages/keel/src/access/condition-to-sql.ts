import type { Condition, Operand } from './condition-ast.ts';

/** What the SQL text of a condition needs to know of the schema and of the request's settings. */
export interface SqlTarget {
  /** The table the operation's rows come from: `row.<column>` is qualified with it. */
  readonly table: string;
  /** A column's SQL type (`uuid`, `text`, `integer`), when the data model knows it: the other side is cast to it. */
  columnType?(table: string, column: string): string | undefined;
  /** The SQL for `path.<parameter>`; by default the transaction setting `keel.path_<parameter>` (lower-cased). */
  pathParameter?(name: string): string;
  /**
   * Read each setting in a scalar subquery, `(select nullif(current_setting(…), '')::uuid)`, which PostgreSQL plans as
   * an InitPlan: evaluated once per statement rather than once per row (policies; decision record 0006).
   */
  readonly settingsOnce?: boolean;
}

/**
 * The SQL text of a condition, for a row-level security policy: `row.x` is the policy's table column, `principal.id`
 * and `principal.tenant` are the settings the runtime sets per transaction (`keel.principal`, `keel.tenant`), cast to
 * the compared column's type when it is known, `exists(t where …)` a correlated sub-select. An unset setting reads as
 * the empty string (decision record 0006), which `nullif` turns into null, so it matches no row and never fails a cast.
 *
 * @example
 * conditionToSql(parsed, { table: 'bookings', columnType: () => 'uuid' });
 * // "bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid
 */
export function conditionToSql(condition: Condition, target: SqlTarget, related?: string): string {
  switch (condition.kind) {
    case 'comparison': {
      const type = comparedType(condition.left, condition.right, target, related);
      const left = operandToSql(condition.left, target, related, type);
      const right = operandToSql(condition.right, target, related, type);
      return `${left} ${condition.operator === '=' ? '=' : '<>'} ${right}`;
    }
    case 'null-check':
      return `${operandToSql(condition.operand, target, related, undefined)} is ${condition.negated ? 'not ' : ''}null`;
    case 'and':
    case 'or':
      return condition.terms.map((term) => `(${conditionToSql(term, target, related)})`).join(` ${condition.kind} `);
    case 'exists':
      return `exists (select 1 from ${identifier(condition.table)} where ${conditionToSql(condition.where, target, condition.table)})`;
  }
}

/** The type of the first column among two compared operands, so the other side (a setting, a literal) is cast to it. */
function comparedType(
  left: Operand,
  right: Operand,
  target: SqlTarget,
  related: string | undefined,
): string | undefined {
  for (const operand of [left, right]) {
    if (operand.kind !== 'column') continue;
    const table = operand.scope === 'row' ? target.table : (related ?? target.table);
    const type = target.columnType?.(table, operand.name);
    if (type !== undefined) return type;
  }
  return undefined;
}

function operandToSql(
  operand: Operand,
  target: SqlTarget,
  related: string | undefined,
  type: string | undefined,
): string {
  const cast = type === undefined ? '' : `::${type}`;
  switch (operand.kind) {
    case 'column': {
      const table = operand.scope === 'row' ? target.table : (related ?? target.table);
      return `${identifier(table)}.${identifier(operand.name)}`;
    }
    case 'principal':
      return settingSql(`keel.${operand.attribute === 'id' ? 'principal' : 'tenant'}`, cast, target.settingsOnce);
    case 'path': {
      const given = target.pathParameter?.(operand.name);
      return given === undefined
        ? settingSql(`keel.path_${operand.name.toLowerCase()}`, cast, target.settingsOnce)
        : `${given}${cast}`;
    }
    case 'literal':
      if (typeof operand.value === 'string') return `${literal(operand.value)}${cast}`;
      return String(operand.value);
  }
}

/** A request setting of the transaction, null when unset or empty. */
export function setting(name: string): string {
  return `nullif(current_setting(${literal(name)}, true), '')`;
}

/** A setting cast to a column's type; with `once`, in a scalar subquery (an InitPlan, read once per statement). */
export function settingSql(name: string, cast = '', once = false): string {
  return once ? `(select ${setting(name)}${cast})` : `${setting(name)}${cast}`;
}

/** A double-quoted identifier; `schema.table` is quoted part by part. */
export function identifier(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
