import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createCheckContext } from '../journey/check-context.ts';
import type { Finding } from '../journey/finding.ts';
import { runGates } from '../journey/run-gate.ts';
import type { Loaded } from '../journey/stage.ts';
import { loadProject } from '../project/index.ts';
import { loadRequirements, requirementsStage, type Requirements } from './index.ts';

async function inProject<T>(yaml: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-requirements-'));
  try {
    await writeFile(join(dir, 'requirements.yaml'), yaml);
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const load = (yaml: string): Promise<Loaded<Requirements>> =>
  inProject(yaml, async (dir) => loadRequirements(createCheckContext(await loadProject(dir))));

const check = (yaml: string): Promise<readonly Finding[]> =>
  inProject(yaml, async (dir) => (await runGates(await loadProject(dir), [requirementsStage]))[0]?.findings ?? []);

const where = (finding: Finding | undefined): string =>
  `${finding?.location.file ?? '?'}:${finding?.location.line ?? 0}:${finding?.location.column ?? 0}`;

const minimal = `service:
  name: bookings
  purpose: Book shared resources.
actors:
  - id: member
    description: A person who books.
operations:
  - id: R-BOOK-1
    actor: member
    summary: Book a resource.
    acceptance:
      - id: AC-BOOK-1-1
        given: a free resource
        when: a member books it
        then: the booking is confirmed
`;

test('a finding is at the line and column of the offending key', async () => {
  const findings = await check(
    minimal.replace('then: the booking is confirmed', 'then: the booking is confirmed fast') +
      'nonFunctional:\n  - id: NFR-LAT-1\n    kind: latency\n    operation: R-BOOK-1\n    p95: 300 ms\n    p99: 200 ms\n',
  );
  const at = (rule: string): string => where(findings.find((finding) => finding.rule === rule));
  assert.equal(at('requirements/vague-wording'), 'requirements.yaml:15:9', 'the `then:` key');
  assert.equal(at('requirements/nfr-inconsistent'), 'requirements.yaml:21:5', 'the `p99:` key');
  const schema = await check(
    minimal.replace('    summary: Book a resource.\n', '    summary: Book a resource.\n    sumary: typo\n'),
  );
  assert.deepEqual(
    schema.map((finding) => [finding.rule, where(finding), finding.message, finding.fix]),
    [
      [
        'requirements/schema',
        'requirements.yaml:11:5',
        'operation R-BOOK-1 has an unknown key `sumary`; expected id, actor, summary, rules, acceptance',
        'Did you mean `summary`? Rename the key.',
      ],
    ],
  );
});

test('the model keeps the well-formed entries of a partly malformed file, and the schema names each problem', async () => {
  const { model, issues } = await load(`service: bookings
actors:
  - id: member
    description: A person who books.
  - 42
  - id: [not, a, string]
operations:
  - id: R-BOOK-1
    actor: 7
    summary: Book a resource.
    rules: BR-BOOK-1
    acceptance:
      - id: AC-BOOK-1-1
        when: 3
        then: the booking is confirmed
        rules: [BR-BOOK-1, 5]
      - given: no id
  - summary: an operation without an id
rules:
  - id: BR-BOOK-1
    statement: Bookings never overlap.
nonFunctional:
  - id: NFR-LAT-1
    kind: speed
  - id: NFR-AVAIL-1
    kind: availability
    target: { value: 99.9, unit: '%' }
outOfScope: [Payments, 12]
`);
  assert.ok(model !== undefined);
  assert.deepEqual(model.service, { name: '', purpose: '', at: { file: 'requirements.yaml', line: 1, column: 1 } });
  assert.deepEqual(
    model.actors.map((actor) => actor.id),
    ['member'],
  );
  const [operation] = model.operations;
  assert.equal(model.operations.length, 1);
  assert.equal(operation?.actor, '', 'an actor that is not a string reads as none');
  assert.deepEqual(operation?.rules, [], 'a rules entry that is not a list reads as none');
  assert.deepEqual(
    operation?.acceptance.map((criterion) => [criterion.id, criterion.when, criterion.rules]),
    [['AC-BOOK-1-1', '3', ['BR-BOOK-1']]],
  );
  assert.deepEqual(operation?.acceptance[0]?.rulesAt, [{ file: 'requirements.yaml', line: 16, column: 17 }]);
  assert.deepEqual(
    model.nonFunctional.map((requirement) => [requirement.id, requirement.targets[0]?.quantity]),
    [['NFR-AVAIL-1', { value: 99.9, unit: '%' }]],
  );
  assert.deepEqual(
    model.outOfScope.map((item) => item.text),
    ['Payments'],
  );
  assert.ok(Object.isFrozen(model) && Object.isFrozen(model.operations) && Object.isFrozen(operation));
  assert.deepEqual(
    issues.map((issue) => `${issue.rule} ${issue.at.line ?? 0}:${issue.at.column ?? 0} ${issue.message}`),
    [
      'requirements/schema 1:1 `service` must be a mapping, not a string',
      'requirements/schema 5:5 `actors[1]` must be a mapping, not a number',
      'requirements/schema 6:5 `actors[2]` has no `description`',
      'requirements/schema 6:5 `actors[2].id` must be a string, not a list',
      'requirements/schema 9:5 `actor` of operation R-BOOK-1 must be a string, not a number',
      'requirements/schema 11:5 `rules` of operation R-BOOK-1 must be a list, not a string',
      'requirements/schema 14:9 `when` of criterion AC-BOOK-1-1 must be a string, not a number',
      'requirements/schema 16:28 `rules[1]` of criterion AC-BOOK-1-1 must be a string, not a number',
      'requirements/schema 17:9 `acceptance[1]` of operation R-BOOK-1 has no `id`',
      'requirements/schema 18:5 `operations[1]` has no `id`',
      'requirements/schema 18:5 `operations[1]` has no `actor`',
      'requirements/schema 24:5 `kind` of requirement NFR-LAT-1 is "speed"; expected one of latency, availability, throughput, retention, payload, rate-limit',
      'requirements/schema 28:24 `outOfScope[1]` must be a string, not a number',
    ],
  );
});

test('a file that is not a mapping has no model, only the schema issue', async () => {
  const { model, issues } = await load('- just\n- a list\n');
  assert.equal(model, undefined);
  assert.deepEqual(
    issues.map((issue) => issue.message),
    ['the file must be a mapping, not a list'],
  );
});

test('a syntax error propagates as a KeelError, which the runner reports as unreadable', async () => {
  const findings = await check('service:\n  name: [unclosed\n');
  assert.deepEqual(
    findings.map((finding) => [finding.rule, finding.code]),
    [['requirements/unreadable-artifact', 'KEEL_SYNTAX_ERROR']],
  );
});

test('a minimal file passes clean', async () => {
  assert.deepEqual(await check(minimal), []);
});
