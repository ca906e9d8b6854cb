import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mentionsRow, type Condition } from './condition-ast.ts';
import { conditionToSql } from './condition-to-sql.ts';
import { evaluateCondition } from './evaluate-condition.ts';
import { parseCondition } from './parse-condition.ts';

function parsed(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) assert.fail(`${text}: ${result.error.message} at ${String(result.error.offset)}`);
  return result.condition;
}

function failure(text: string): { message: string; column: number } {
  const result = parseCondition(text);
  if (result.ok) assert.fail(`${text} parsed`);
  return { message: result.error.message, column: result.error.offset + 1 };
}

describe('parseCondition', () => {
  test('a comparison, with each operand kind and its span', () => {
    const condition = parsed('row.created_by = principal.id');
    assert.deepEqual(condition, {
      kind: 'comparison',
      operator: '=',
      left: { kind: 'column', scope: 'row', name: 'created_by', span: { start: 0, end: 14 } },
      right: { kind: 'principal', attribute: 'id', span: { start: 17, end: 29 } },
      span: { start: 0, end: 29 },
    });
    assert.deepEqual((parsed("path.orgId != 'it''s'") as { right: unknown }).right, {
      kind: 'literal',
      value: "it's",
      span: { start: 14, end: 21 },
    });
    assert.equal((parsed('row.n = -2.5') as { right: { value: unknown } }).right.value, -2.5);
    assert.equal((parsed('row.active = TRUE') as { right: { value: unknown } }).right.value, true);
  });

  test('and binds tighter than or; parentheses override', () => {
    const loose = parsed('row.a = 1 or row.b = 2 and row.c = 3');
    assert.equal(loose.kind, 'or');
    assert.deepEqual(loose.kind === 'or' ? loose.terms.map((term) => term.kind) : [], ['comparison', 'and']);
    const grouped = parsed('(row.a = 1 or row.b = 2) and row.c is not null');
    assert.equal(grouped.kind, 'and');
    assert.deepEqual(grouped.kind === 'and' ? grouped.terms.map((term) => term.kind) : [], ['or', 'null-check']);
  });

  test('exists over one related table, with other. and row.', () => {
    const condition = parsed('exists(memberships where other.user_id = principal.id and other.org_id = row.org_id)');
    assert.equal(condition.kind, 'exists');
    assert.equal(condition.kind === 'exists' ? condition.table : '', 'memberships');
    assert.equal(mentionsRow(condition), true);
    assert.equal(mentionsRow(parsed('exists(memberships where other.user_id = principal.id)')), false);
  });

  test('errors name the column where the problem starts', () => {
    assert.deepEqual(failure('row.created_by = '), {
      message: 'expected an operand, found the end of the condition',
      column: 18,
    });
    assert.deepEqual(failure('row.a = principal.email').column, 19);
    assert.match(failure('row.a = principal.email').message, /principal has id and tenant/);
    assert.deepEqual(failure('other.a = 1').column, 1);
    assert.match(failure('(row.a = 1').message, /expected \) to close the \( at column 1/);
    assert.equal(failure('row.a = 1)').column, 10);
    assert.equal(failure("row.a = 'open").column, 9);
    assert.equal(failure('row.a <> 1').column, 7);
    assert.equal(failure('row.a is nul').column, 10);
    assert.equal(failure('user.id = 1').column, 1);
    assert.equal(failure('row.a = 1 row.b = 2').column, 11);
    assert.match(failure('exists(a where exists(b where other.x = 1))').message, /does not nest/);
    assert.equal(failure('exists(a other.x = 1)').column, 10);
  });
});

describe('conditionToSql', () => {
  const types: Record<string, string> = {
    'bookings.created_by': 'uuid',
    'bookings.org_id': 'uuid',
    'memberships.user_id': 'uuid',
  };
  const target = { table: 'bookings', columnType: (table: string, column: string) => types[`${table}.${column}`] };

  test('principal attributes become the transaction settings, cast to the compared column type', () => {
    assert.equal(
      conditionToSql(parsed('row.created_by = principal.id'), target),
      `"bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid`,
    );
    assert.equal(
      conditionToSql(parsed('row.org_id != principal.tenant'), target),
      `"bookings"."org_id" <> nullif(current_setting('keel.tenant', true), '')::uuid`,
    );
    // In a policy each setting is read once per statement, in a scalar subquery (an InitPlan), cast inside it.
    assert.equal(
      conditionToSql(parsed('row.created_by = principal.id'), { ...target, settingsOnce: true }),
      `"bookings"."created_by" = (select nullif(current_setting('keel.principal', true), '')::uuid)`,
    );
    assert.equal(
      conditionToSql(parsed("row.status = 'it''s' or row.notes is not null"), target),
      `("bookings"."status" = 'it''s') or ("bookings"."notes" is not null)`,
    );
  });

  test('exists is a correlated sub-select; path parameters read their setting', () => {
    assert.equal(
      conditionToSql(
        parsed('exists(memberships where other.user_id = principal.id and other.org_id = row.org_id)'),
        target,
      ),
      `exists (select 1 from "memberships" where ("memberships"."user_id" = nullif(current_setting('keel.principal', true), '')::uuid) and ("memberships"."org_id" = "bookings"."org_id"))`,
    );
    assert.equal(
      conditionToSql(parsed('row.org_id = path.orgId'), target),
      `"bookings"."org_id" = nullif(current_setting('keel.path_orgid', true), '')::uuid`,
    );
  });
});

describe('evaluateCondition', () => {
  const principal = { id: 'u1', tenant: 't1' };

  test('comparisons over the row and the principal', () => {
    const owned = parsed('row.created_by = principal.id');
    assert.equal(evaluateCondition(owned, { row: { created_by: 'u1' }, principal }), true);
    assert.equal(evaluateCondition(owned, { row: { created_by: 'u2' }, principal }), false);
    assert.equal(evaluateCondition(parsed('row.n = 3'), { row: { n: '3' }, principal }), true);
    assert.equal(
      evaluateCondition(parsed('row.a = path.orgId'), { row: { a: 't1' }, principal, path: { orgId: 't1' } }),
      true,
    );
  });

  test('SQL three-valued logic: a missing value is unknown, and unknown never allows', () => {
    const owned = parsed('row.created_by = principal.id');
    assert.equal(evaluateCondition(owned, { row: {}, principal }), null);
    assert.equal(evaluateCondition(parsed('row.x != 1'), { row: { x: null }, principal }), null);
    assert.equal(evaluateCondition(parsed('row.x = 1 or row.y = 2'), { row: { y: 2 }, principal }), true);
    assert.equal(evaluateCondition(parsed('row.x = 1 and row.y = 2'), { row: { y: 3 }, principal }), false);
    assert.equal(evaluateCondition(parsed('row.x = 1 and row.y = 2'), { row: { y: 2 }, principal }), null);
    assert.equal(evaluateCondition(parsed('row.x is null'), { row: {}, principal }), true);
    assert.equal(evaluateCondition(parsed('row.x is not null'), { row: { x: 0 }, principal }), true);
  });

  test('exists looks for one related row that matches', () => {
    const member = parsed('exists(memberships where other.user_id = principal.id and other.org_id = row.org_id)');
    const rows = (table: string) => (table === 'memberships' ? [{ user_id: 'u1', org_id: 'o1' }] : []);
    assert.equal(evaluateCondition(member, { row: { org_id: 'o1' }, principal, rows }), true);
    assert.equal(evaluateCondition(member, { row: { org_id: 'o2' }, principal, rows }), false);
    assert.equal(evaluateCondition(member, { row: { org_id: 'o1' }, principal }), false);
  });
});
