import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceNode } from '../journey/stage.ts';
import type { TraceIndex } from '../journey/trace.ts';
import { traceabilityMatrix } from './traceability-matrix.ts';

function indexOf(nodes: readonly Omit<TraceNode, 'at' | 'title' | 'stage'>[]): TraceIndex {
  const full = nodes.map((node): TraceNode => ({ ...node, title: node.id, stage: 'requirements', at: { file: 'x' } }));
  const incoming = new Map<string, { from: string; relation: string }[]>();
  for (const node of full) {
    for (const link of node.links)
      incoming.set(link.to, [...(incoming.get(link.to) ?? []), { from: node.id, relation: link.inverse }]);
  }
  return { nodes: new Map(full.map((node) => [node.id, node])), incoming };
}

const link = (to: string) => ({ to, relation: 'r', inverse: 'i' });

test('a requirement row gathers its criteria, module, operations, tables, access rules and tests', () => {
  const index = indexOf([
    { id: 'R-1', kind: 'requirement', links: [] },
    { id: 'R-2', kind: 'requirement', links: [] },
    { id: 'AC-1-1', kind: 'criterion', links: [link('R-1')] },
    { id: 'AC-1-2', kind: 'criterion', links: [link('R-1')] },
    { id: 'bookings', kind: 'module', links: [link('R-1')] },
    { id: 'createBooking', kind: 'operation', links: [link('R-1'), link('bookings')] },
    { id: 'listBookings', kind: 'operation', links: [link('R-1')] },
    { id: 'access:createBooking', kind: 'access rule', links: [link('createBooking')] },
    { id: 'test:overlap', kind: 'test', links: [link('AC-1-2')] },
    { id: 'test:create', kind: 'test', links: [link('createBooking'), link('AC-1-2')] },
  ]);
  const rows = traceabilityMatrix(
    index,
    new Map([
      ['createBooking', 'bookings'],
      ['listBookings', 'bookings'],
    ]),
  );
  assert.equal(rows.length, 2);
  const [first, second] = rows;
  assert.equal(first?.requirement.id, 'R-1');
  assert.deepEqual(
    first?.criteria.map((node) => node.id),
    ['AC-1-1', 'AC-1-2'],
  );
  assert.deepEqual(
    first?.modules.map((node) => node.id),
    ['bookings'],
  );
  assert.deepEqual(
    first?.operations.map((node) => node.id),
    ['createBooking', 'listBookings'],
  );
  assert.deepEqual(first?.tables, ['bookings']);
  assert.deepEqual(
    first?.accessRules.map((node) => node.id),
    ['access:createBooking'],
  );
  assert.deepEqual(first?.tests.map((node) => node.id).sort(), ['test:create', 'test:overlap']);
  assert.deepEqual(first?.testedCriteria, ['AC-1-2']);
  // A requirement nothing realises shows its gaps as empty lists.
  assert.deepEqual(
    [second?.criteria, second?.operations, second?.tables, second?.accessRules, second?.tests].map(
      (list) => list?.length,
    ),
    [0, 0, 0, 0, 0],
  );
});
