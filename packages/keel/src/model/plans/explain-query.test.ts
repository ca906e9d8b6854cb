import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planProblems, summarisePlan, type PlanNode } from './explain-query.ts';

const rowsOf = (table: string): number => (table === 'members' ? 50_000 : 10);

test('a sequential scan of a large table is a problem, with an index on its equality filters', () => {
  const plan: PlanNode = { 'Node Type': 'Seq Scan', 'Relation Name': 'members', Filter: '(role = $1)', 'Plan Rows': 9 };
  const [problem, ...rest] = planProblems(plan, false, rowsOf);
  assert.deepEqual(rest, []);
  assert.equal(problem?.kind, 'seq-scan');
  assert.equal(problem?.suggestedIndex, 'create index concurrently members_role on members (role)');
});

test('a sort of many rows for a page is a problem; a small table or an index scan is not', () => {
  const sorted: PlanNode = {
    'Node Type': 'Limit',
    Plans: [
      {
        'Node Type': 'Sort',
        'Sort Key': ['members.created_at'],
        Plans: [
          {
            'Node Type': 'Bitmap Heap Scan',
            'Relation Name': 'members',
            'Recheck Cond': '(organisation_id = $1)',
            'Plan Rows': 1000,
          } as PlanNode,
        ],
      },
    ],
  };
  const problems = planProblems(sorted, true, rowsOf);
  assert.deepEqual(
    problems.map((problem) => problem.suggestedIndex),
    ['create index concurrently members_organisation_id_created_at on members (organisation_id, created_at)'],
  );
  assert.deepEqual(planProblems(sorted, false, rowsOf), []);
  const indexed: PlanNode = { 'Node Type': 'Index Scan', 'Index Name': 'members_pkey', 'Relation Name': 'members' };
  assert.deepEqual(planProblems(indexed, true, rowsOf), []);
  assert.equal(summarisePlan(indexed), 'Index Scan using members_pkey on members');
  const small: PlanNode = { 'Node Type': 'Seq Scan', 'Relation Name': 'tags', 'Plan Rows': 10 };
  assert.deepEqual(planProblems(small, true, rowsOf), []);
});
