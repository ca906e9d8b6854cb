import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idFormats, parseCriterionId, parseNumberedId, suggestId } from './requirement-ids.ts';

test('ids are R-, AC-, BR-, NFR- with an upper-case area (hyphenated for several words) and numbers from 1', () => {
  for (const id of ['R-BOOK-1', 'R-API-KEY-12', 'R-V2-3']) assert.match(id, idFormats.operation.pattern);
  for (const id of ['R-book-1', 'R-BOOK', 'R-BOOK-0', 'R-BOOK-01', 'BOOK-1', 'R-1-1']) {
    assert.doesNotMatch(id, idFormats.operation.pattern, id);
  }
  assert.match('AC-API-KEY-1-2', idFormats.criterion.pattern);
  assert.match('BR-BOOK-1', idFormats.rule.pattern);
  assert.match('NFR-LAT-1', idFormats.requirement.pattern);
  assert.match('billing-system', idFormats.actor.pattern);
  assert.doesNotMatch('Billing System', idFormats.actor.pattern);
});

test('a criterion id names its operation', () => {
  assert.deepEqual(parseCriterionId('AC-API-KEY-1-2'), { operation: 'R-API-KEY-1', number: 2 });
  assert.equal(parseCriterionId('AC-BOOK-1'), undefined);
  assert.deepEqual(parseNumberedId('rule', 'BR-BOOK-3'), { area: 'BOOK', number: 3 });
});

test('a malformed id gets the well-formed one it was probably meant to be', () => {
  assert.equal(suggestId('operation', 'r-book-1'), 'R-BOOK-1');
  assert.equal(suggestId('actor', 'Billing System'), 'billing-system');
  assert.equal(suggestId('actor', 'apiClient'), 'api-client');
  assert.equal(suggestId('operation', 'BOOK-1'), undefined);
});
