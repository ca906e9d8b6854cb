import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNfrQuantity, toBaseUnit } from './nfr-quantity.ts';

test('a measure is a number with a unit, as a string or as { value, unit }', () => {
  assert.deepEqual(parseNfrQuantity('150 ms', 'latency', 'p95'), { quantity: { value: 150, unit: 'ms' } });
  assert.deepEqual(parseNfrQuantity({ value: 150, unit: 'ms' }, 'latency', 'p95'), {
    quantity: { value: 150, unit: 'ms' },
  });
  assert.deepEqual(parseNfrQuantity('99.9 %', 'availability', 'target'), { quantity: { value: 99.9, unit: '%' } });
  assert.deepEqual(parseNfrQuantity('99.9%', 'availability', 'target'), { quantity: { value: 99.9, unit: '%' } });
  assert.deepEqual(parseNfrQuantity('600 req/min', 'rate-limit', 'target'), {
    quantity: { value: 600, unit: 'req/min' },
  });
  assert.deepEqual(parseNfrQuantity('64 KiB', 'payload', 'request'), { quantity: { value: 64, unit: 'KiB' } });
});

test('a word, a bare number, a wrong unit or a measure of another kind is rejected with what to write', () => {
  const problem = (raw: unknown, kind: Parameters<typeof parseNfrQuantity>[1], measure: string): string => {
    const parsed = parseNfrQuantity(raw, kind, measure);
    assert.ok('problem' in parsed, `${JSON.stringify(raw)} is rejected`);
    return `${parsed.problem} | ${parsed.fix}`;
  };
  assert.match(problem('fast', 'latency', 'p95'), /^p95 is "fast", not a number with a unit \| .*`150 ms`/);
  assert.match(problem(200, 'latency', 'p95'), /^p95 is 200 without a unit \| .*`200 ms`/);
  assert.match(problem('200', 'latency', 'p95'), /^p95 is 200 without a unit/);
  assert.match(
    problem('150 msec', 'latency', 'p95'),
    /^p95 is in "msec", which is not a unit of latency \| Use one of us, µs, ms, s/,
  );
  assert.match(problem('150 MS', 'latency', 'p95'), /not a unit of latency/, 'units are case-sensitive');
  assert.match(
    problem('99.9 %', 'availability', 'p95'),
    /^p95 is not a measure of availability \| Use target for availability/,
  );
  assert.match(problem({ value: 'fast', unit: 'ms' }, 'latency', 'p95'), /not a number with a unit/);
  assert.match(problem(null, 'latency', 'p99'), /^p99 is empty/);
});

test('quantities compare in their kind’s base unit', () => {
  assert.equal(toBaseUnit('latency', { value: 1, unit: 's' }), 1000);
  assert.equal(toBaseUnit('latency', { value: 500, unit: 'us' }), 0.5);
  assert.equal(toBaseUnit('payload', { value: 1, unit: 'KiB' }), 1024);
  assert.equal(toBaseUnit('rate-limit', { value: 600, unit: 'req/min' }), 10);
});
