import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { formatLocation, type Finding } from '../journey/finding.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import { loadProject } from '../project/index.ts';
import { requirementsStage } from '../requirements/index.ts';
import { architectureStage } from './architecture-stage.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

/** `rule file:line:column message`, for one rule's findings. */
function lines(findings: readonly Finding[] | undefined, rule: string): string[] {
  return (findings ?? [])
    .filter((finding) => finding.rule === rule)
    .map((finding) => `${formatLocation(finding.location)} ${finding.message}`);
}

const { bad } = await checkStageFixtures(architectureStage, fixtures, { upstream: [requirementsStage] });

test('each rule fires on its fixture and stays quiet on the good project', () => {
  assert.ok(bad.size >= architectureStage.rules.length);
});

test('forbidden-import points at the import, names both modules, the file and what may be depended on', () => {
  assert.deepEqual(lines(bad.get('architecture/forbidden-import'), 'architecture/forbidden-import'), [
    'src/resources/find-resource.ts:2:1 module resources imports src/bookings/create-booking.ts of module bookings, ' +
      'which it may not depend on (it may depend on shared)',
  ]);
});

test('dependency-cycle reports each cycle once, at the dependency that starts it', () => {
  assert.deepEqual(lines(bad.get('architecture/dependency-cycle'), 'architecture/dependency-cycle'), [
    'architecture.yaml:5:17 modules depend on each other: bookings → resources → shared → bookings',
    'architecture.yaml:5:28 modules depend on each other: bookings → shared → bookings',
  ]);
});

test('front matter problems are reported at their line in the record', () => {
  assert.deepEqual(lines(bad.get('architecture/decision-front-matter'), 'architecture/decision-front-matter'), [
    'decisions/0009-caching.md:4:1 `status` is "done"; expected one of proposed, accepted, superseded, rejected',
  ]);
});

test('decision records are checked for their name, sections and options', () => {
  assert.deepEqual(lines(bad.get('architecture/decision-file-name'), 'architecture/decision-file-name'), [
    "decisions/0009-caching.md:2:1 decisions/0009-caching.md holds ADR-0010: the file's number 0009 is not the id's 0010",
  ]);
  assert.deepEqual(lines(bad.get('architecture/decision-sections'), 'architecture/decision-sections'), [
    'decisions/0009-caching.md:1:1 ADR-0009 has no `## Consequences` section',
    'decisions/0009-caching.md:8:1 the Context section of ADR-0009 is empty',
  ]);
  assert.deepEqual(lines(bad.get('architecture/decision-options'), 'architecture/decision-options'), [
    'decisions/0009-caching.md:12:1 ADR-0009 weighs only one option (No cache): a decision compares at least two',
    'decisions/0009-caching.md:14:1 option "No cache" of ADR-0009 has no trade-offs under its heading',
  ]);
  assert.deepEqual(lines(bad.get('architecture/duplicate-decision'), 'architecture/duplicate-decision'), [
    'decisions/0009-caching.md:2:1 ADR-0009 is the id of both decisions/0009-caching-again.md and decisions/0009-caching.md',
  ]);
});

test('topics, supersession and requirements are cross-checked', () => {
  assert.deepEqual(lines(bad.get('architecture/topic-undecided'), 'architecture/topic-undecided'), [
    'decisions pagination has no accepted decision',
  ]);
  assert.deepEqual(lines(bad.get('architecture/supersession'), 'architecture/supersession'), [
    'decisions/0001-persistence-sqlite.md:4:1 ADR-0008 supersedes ADR-0001, whose status is accepted, not superseded',
  ]);
  assert.deepEqual(lines(bad.get('architecture/unknown-requirement'), 'architecture/unknown-requirement'), [
    'architecture.yaml:4:32 module bookings owns R-BOOK-9, which requirements.yaml does not define',
  ]);
  assert.deepEqual(lines(bad.get('architecture/requirement-unowned'), 'architecture/requirement-unowned'), [
    'architecture.yaml:1:1 no module owns R-RES-2 "Retire a resource." (requirements.yaml:42:5)',
  ]);
  assert.deepEqual(lines(bad.get('architecture/requirement-owned-twice'), 'architecture/requirement-owned-twice'), [
    'architecture.yaml:8:21 R-BOOK-2 is owned by both bookings and resources',
  ]);
});

test('module names and references are checked', () => {
  assert.deepEqual(lines(bad.get('architecture/unknown-module'), 'architecture/unknown-module'), [
    'architecture.yaml:5:36 module bookings depends on billing, which is not a declared module',
  ]);
  assert.deepEqual(lines(bad.get('architecture/duplicate-module'), 'architecture/duplicate-module'), [
    'architecture.yaml:15:5 external system shared has the name of the module declared at architecture.yaml:10:5',
  ]);
  const withoutCode = bad.get('architecture/module-without-code');
  assert.deepEqual(lines(withoutCode, 'architecture/module-without-code'), [
    'architecture.yaml:13:5 module notifications has no code at src/notifications (its default path)',
  ]);
  assert.equal(
    withoutCode?.find((finding) => finding.rule === 'architecture/module-without-code')?.severity,
    'warning',
  );
});

test('the schema is reported at the key, in words', () => {
  assert.deepEqual(lines(bad.get('architecture/schema'), 'architecture/schema'), [
    'architecture.yaml:9:5 module resources has an unknown key `dependson`; expected name, purpose, owns, dependsOn, paths, operations, tables',
  ]);
});

test('the stage traces modules and decisions to requirements and draws the diagram', async () => {
  const project = await loadProject(fileURLToPath(new URL('./good/', fixtures)));
  const { model } = await createCheckContext(project).loaded(architectureStage);
  assert.ok(model !== undefined);
  const nodes = architectureStage.trace?.(model) ?? [];
  const bookings = nodes.find((node) => node.id === 'bookings');
  assert.deepEqual(
    bookings?.links.map((link) => `${link.relation} ${link.to} / ${link.inverse}`),
    [
      'owns R-BOOK-1 / owned by',
      'owns R-BOOK-2 / owned by',
      'depends on resources / used by',
      'depends on shared / used by',
    ],
  );
  const postgres = nodes.find((node) => node.id === 'ADR-0008');
  assert.equal(postgres?.kind, 'decision');
  assert.deepEqual(postgres?.at, { file: 'decisions/0008-persistence-postgresql.md', line: 1, column: 1 });
  assert.deepEqual(
    postgres?.links.map((link) => `${link.relation} ${link.to} / ${link.inverse}`),
    ['addresses BR-BOOK-1 / addressed by', 'addresses NFR-LAT-1 / addressed by', 'supersedes ADR-0001 / superseded by'],
  );
  assert.match(architectureStage.outputs?.(model)['architecture.mmd'] ?? '', /^flowchart LR\n/);
  assert.deepEqual(architectureStage.inputs(project).slice(0, 3), [
    'architecture.yaml',
    'decisions/*.md',
    'tsconfig.json',
  ]);
});
