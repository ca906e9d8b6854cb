import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDecision } from './parse-decision.ts';

const record = `---
id: ADR-0003
title: Identifiers are random UUIDs
status: accepted
topics:
  - identifiers
  - pagination
requirements: [R-BOOK-1]
---

# Identifiers

## Context

Rows need identifiers.

## Options

### UUID version 4

Trade-offs: unguessable; larger indexes.

### Sequential integers

<!-- to do -->

## Decision

UUIDs.

## consequences

Opaque ids.
`;

test('front matter positions are lines of the .md file', () => {
  const { decision, issues } = parseDecision(
    record,
    '/p/decisions/0003-identifiers.md',
    'decisions/0003-identifiers.md',
  );
  assert.deepEqual(issues, []);
  assert.equal(decision.id, 'ADR-0003');
  assert.equal(decision.status, 'accepted');
  assert.deepEqual(decision.keysAt['status'], { file: 'decisions/0003-identifiers.md', line: 4, column: 1 });
  assert.deepEqual(
    decision.topics.map((topic) => [topic.value, topic.at.line, topic.at.column]),
    [
      ['identifiers', 6, 5],
      ['pagination', 7, 5],
    ],
  );
  assert.deepEqual(decision.requirements[0]?.at, { file: 'decisions/0003-identifiers.md', line: 8, column: 16 });
});

test('sections and options are read from the Markdown, case-insensitively', () => {
  const { decision } = parseDecision(record, '/p/decisions/0003-identifiers.md', 'decisions/0003-identifiers.md');
  assert.deepEqual(
    decision.sections.map((section) => [section.heading, section.hasContent, section.at.line]),
    [
      ['Context', true, 13],
      ['Options', true, 17],
      ['Decision', true, 27],
      ['consequences', true, 31],
    ],
  );
  assert.deepEqual(
    decision.options.map((option) => [option.name, option.hasTradeOffs, option.at.line]),
    [
      ['UUID version 4', true, 19],
      ['Sequential integers', false, 23],
    ],
  );
});

test('a YAML syntax error in the front matter is reported at its line in the record', () => {
  const { decision, issues } = parseDecision(
    '---\nid: ADR-0001\ntitle: [unclosed\n---\n\n## Context\n',
    '/p/decisions/0001-x.md',
    'decisions/0001-x.md',
  );
  assert.equal(decision.id, '');
  assert.deepEqual(
    issues.map((issue) => [issue.at, issue.message.split(': YAML')[0]]),
    [[{ file: 'decisions/0001-x.md', line: 3, column: 17 }, 'decisions/0001-x.md:3:17']],
  );
});

test('a record without front matter is reported at its first line', () => {
  const { issues } = parseDecision('# Title\n\n## Context\n\nWhy.\n', '/p/decisions/0001-x.md', 'decisions/0001-x.md');
  assert.deepEqual(issues, [
    {
      message: 'decisions/0001-x.md does not start with front matter between two `---` lines',
      at: { file: 'decisions/0001-x.md', line: 1, column: 1 },
    },
  ]);
});
