/**
 * The condition grammar of decision record 0006, as a tree. Every node is frozen, has a `kind` tag and the span of
 * text it was parsed from (character offsets into the condition), so findings can point at the exact column.
 *
 * @example
 * // row.created_by = principal.id
 * { kind: 'comparison', operator: '=', left: { kind: 'column', scope: 'row', name: 'created_by', … }, right: … }
 */
export type Condition = Comparison | NullCheck | Junction | Exists;

export type Operand = ColumnOperand | PrincipalOperand | PathOperand | LiteralOperand;

/** Character offsets into the condition's text: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `operand = operand`, `operand != operand`. */
export interface Comparison {
  readonly kind: 'comparison';
  readonly operator: '=' | '!=';
  readonly left: Operand;
  readonly right: Operand;
  readonly span: Span;
}

/** `operand is null`, `operand is not null`. */
export interface NullCheck {
  readonly kind: 'null-check';
  readonly operand: Operand;
  readonly negated: boolean;
  readonly span: Span;
}

/** `a and b and c`, `a or b`: two terms or more. */
export interface Junction {
  readonly kind: 'and' | 'or';
  readonly terms: readonly Condition[];
  readonly span: Span;
}

/** `exists(<table> where <condition>)`: `other.` names the related row, `row.` the outer one. */
export interface Exists {
  readonly kind: 'exists';
  readonly table: string;
  readonly tableSpan: Span;
  readonly where: Condition;
  readonly span: Span;
}

/** `row.<column>` (the operation's row) or `other.<column>` (the related row inside `exists`). */
export interface ColumnOperand {
  readonly kind: 'column';
  readonly scope: 'row' | 'other';
  readonly name: string;
  readonly span: Span;
}

/** `principal.id` or `principal.tenant`. */
export interface PrincipalOperand {
  readonly kind: 'principal';
  readonly attribute: 'id' | 'tenant';
  readonly span: Span;
}

/** `path.<parameter>`: a path parameter of the operation. */
export interface PathOperand {
  readonly kind: 'path';
  readonly name: string;
  readonly span: Span;
}

/** A string, a number, `true` or `false`. */
export interface LiteralOperand {
  readonly kind: 'literal';
  readonly value: string | number | boolean;
  readonly span: Span;
}

/** Every operand of a condition, depth first, with whether it sits inside `exists` (and then the related table). */
export function operandsOf(condition: Condition, within?: Exists): { operand: Operand; exists: Exists | undefined }[] {
  switch (condition.kind) {
    case 'comparison':
      return [
        { operand: condition.left, exists: within },
        { operand: condition.right, exists: within },
      ];
    case 'null-check':
      return [{ operand: condition.operand, exists: within }];
    case 'and':
    case 'or':
      return condition.terms.flatMap((term) => operandsOf(term, within));
    case 'exists':
      return operandsOf(condition.where, condition);
  }
}

/** Whether the condition says anything about the operation's row: only then is it an object-level condition. */
export function mentionsRow(condition: Condition): boolean {
  return operandsOf(condition).some(({ operand }) => operand.kind === 'column' && operand.scope === 'row');
}
