import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCycles, formatCycle } from './find-cycles.ts';

test('each elementary cycle is found once, from its first node', () => {
  const edges: Record<string, string[]> = { a: ['b', 'c'], b: ['a', 'c'], c: ['a'], d: ['d'], e: ['a'] };
  const cycles = findCycles(['a', 'b', 'c', 'd', 'e'], (node) => edges[node] ?? []);
  assert.deepEqual(cycles.map(formatCycle), ['a → b → a', 'a → b → c → a', 'a → c → a', 'd → d']);
});
