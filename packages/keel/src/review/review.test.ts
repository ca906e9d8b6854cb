import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { runGates } from '../journey/run-gate.ts';
import { loadProject } from '../project/index.ts';
import { reviewSarif } from './render-review.ts';
import { reviewStage } from './review-stage.ts';
import { runReview, type ReviewReport } from './run-review.ts';
import { createTestRepository, type TestRepository } from './test-repository.ts';

let repository: TestRepository;
const handlers = () => readFile(join(repository.dir, 'src/handlers.ts'), 'utf8');
const summary = (report: ReviewReport) =>
  report.findings.map(
    (finding) => `${finding.severity} ${finding.rule} ${finding.location.file}:${finding.location.line ?? 0}`,
  );

before(async () => {
  repository = await createTestRepository();
});
after(() => repository.dispose());

test('a clean change reports nothing and passes', async () => {
  await repository.git('checkout', '-q', '-b', 'clean');
  const code = await handlers();
  await repository.write({
    'src/handlers.ts': code.replace(
      'export const handlers = {',
      `export const handlers = {
  async listBookings({ params, db }: Context) {
    const rows = await db.selectFrom('bookings').selectAll().where('org_id', '=', params.orgId).limit(21).execute();
    return { status: 200, body: { items: rows.slice(0, 20) } };
  },
`,
    ),
  });
  await repository.commit('List bookings');
  const report = await runReview(await loadProject(repository.dir), { audit: false });
  assert.deepEqual(summary(report), []);
  assert.equal(report.ok, true);
  assert.equal(report.base?.how, 'merge-base with main');
  assert.deepEqual(report.files, [{ path: 'src/handlers.ts', status: 'modified' }]);
  // The base's own swallowed error (noteMetadata) is not the change's: only --all shows it.
  const all = await runReview(await loadProject(repository.dir), { audit: false, all: true });
  const swallowed = all.findings.find((finding) => finding.rule === 'review/swallowed-error');
  assert.equal(swallowed?.introduced, false);
  assert.equal(swallowed?.location.file, 'src/handlers.ts');
  await repository.git('checkout', '-q', 'main');
});

test('before the first release a breaking contract change is low: no client depends on the contract yet', async () => {
  await repository.git('checkout', '-q', '-b', 'unreleased');
  const openapi = await readFile(join(repository.dir, 'openapi.yaml'), 'utf8');
  await repository.write({
    'openapi.yaml': openapi.replace(
      '              properties:\n                startsAt: { type: string, format: date-time }',
      '              required: [startsAt]\n              properties:\n                startsAt: { type: string, format: date-time }',
    ),
  });
  await repository.commit('A newly required field, before any release');
  const report = await runReview(await loadProject(repository.dir), { audit: false });
  const breaking = report.findings.filter((finding) => finding.rule === 'review/breaking-contract-change');
  assert.ok(breaking.length > 0, summary(report).join('\n'));
  for (const finding of breaking) {
    assert.equal(finding.severity, 'low');
    assert.match(finding.message, /no release yet/);
  }
  await repository.git('checkout', '-q', 'main');
});

test('a change with planted problems reports each, ranked, on the lines it introduced; SARIF is valid 2.1.0', async () => {
  await repository.git('checkout', '-q', '-b', 'planted');
  const code = await handlers();
  const fakeKey = ['sk', 'live', 'a1B2c3D4'.repeat(3)].join('_');
  const openapi = await readFile(join(repository.dir, 'openapi.yaml'), 'utf8');
  const manifest = JSON.parse(await readFile(join(repository.dir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  manifest.dependencies['core-js'] = '^3.51.0';
  await repository.write({
    'src/handlers.ts':
      `import { sql } from 'kysely';\n` +
      code.replace(
        'export const handlers = {',
        `export const handlers = {
  async updateBooking({ params, body, db }: Context) {
    const count: number = 'several';
    db.deleteFrom('bookings').where('id', '=', params.bookingId).execute();
    await sql.raw(\`update bookings set notes = '\${body.notes ?? ''}' where id = '\${params.bookingId}'\`).execute(db);
    return { status: 200, body: { count } };
  },
`,
      ),
    'src/payments.ts': `export const paymentsKey = '${fakeKey}';\n`,
    'migrations/0001_organisations.sql':
      (await readFile(join(repository.dir, 'migrations/0001_organisations.sql'), 'utf8')) + '\n-- edited\n',
    'migrations/0004_notes_index.sql':
      '-- migrate:up\ncreate index bookings_notes on bookings (notes);\n\n-- migrate:down\ndrop index bookings_notes;\n',
    'openapi.yaml': openapi
      .replace(
        '    patch:\n      operationId: updateBooking',
        "    delete:\n      operationId: deleteBooking\n      x-requirements: [R-BOOK-1]\n      responses:\n        '204':\n          description: Deleted.\n    patch:\n      operationId: updateBooking",
      )
      .replace(
        '              properties:\n                startsAt: { type: string, format: date-time }',
        '              required: [startsAt]\n              properties:\n                startsAt: { type: string, format: date-time }',
      ),
    'package.json': JSON.stringify(manifest, null, 2) + '\n',
    // Released: clients depend on 1.0.0, so a breaking change against it is high.
    'releases/1.0.0/contract/openapi.yaml': openapi,
  });
  await repository.commit('Planted problems');
  const report = await runReview(await loadProject(repository.dir), { audit: false });
  const found = summary(report);
  const expect = (pattern: RegExp) =>
    assert.ok(
      found.some((line) => pattern.test(line)),
      `${pattern} in\n${found.join('\n')}`,
    );
  expect(/^blocker review\/raw-sql-interpolation src\/handlers\.ts:\d+$/);
  expect(/^blocker review\/committed-secret src\/payments\.ts:1$/);
  expect(/^blocker review\/stage-finding openapi\.yaml:\d+$/);
  expect(/^high review\/type-error src\/handlers\.ts:\d+$/);
  expect(/^high review\/floating-promise src\/handlers\.ts:\d+$/);
  expect(/^high review\/migration-edited migrations\/0001_organisations\.sql:\d+$/);
  expect(/^high review\/breaking-contract-change openapi\.yaml:\d+$/);
  expect(/^(high|medium) review\/stage-(finding|warning) migrations\/0004_notes_index\.sql:2$/);
  expect(/^medium review\/dependency-install-script package\.json:\d+$/);
  const blocker = report.findings.find(
    (finding) => finding.rule === 'review/stage-finding' && finding.severity === 'blocker',
  );
  assert.match(blocker?.message ?? '', /^access\/operation-without-rule: .*deleteBooking/);
  // Ranked worst first, and the base's swallowed error is not reported.
  assert.deepEqual(
    report.findings.map((finding) => finding.severity),
    [...report.findings.map((finding) => finding.severity)].sort(
      (a, b) =>
        ['blocker', 'high', 'medium', 'low', 'info'].indexOf(a) -
        ['blocker', 'high', 'medium', 'low', 'info'].indexOf(b),
    ),
  );
  assert.ok(!found.some((line) => line.includes('swallowed-error')));
  assert.equal(report.ok, false);
  assert.ok(report.findings.every((finding) => finding.fix.length > 0 && finding.message.length > 0));

  const sarif = reviewSarif(report, pathToFileURL(repository.dir).href);
  // The official schema (draft-04, from @microsoft/jest-sarif 1.0.0-beta.0, MIT), vendored with the journey's tests.
  const schema = JSON.parse(
    await readFile(new URL('../journey/fixtures/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  delete schema['$schema'];
  delete schema['id'];
  const validate = addFormats
    .default(new Ajv({ strict: false, validateSchema: false, allErrors: true, unicodeRegExp: false }))
    .compile(schema);
  const log = JSON.parse(JSON.stringify(sarif)) as {
    runs: { results: { ruleIndex: number; properties: { severity: string } }[] }[];
  };
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
  assert.equal(log.runs[0]?.results.length, report.findings.length);
  assert.ok(log.runs[0]?.results.every((result) => result.ruleIndex >= 0));
  assert.equal(log.runs[0]?.results[0]?.properties.severity, 'blocker');
  assert.equal(
    validate(
      JSON.parse(
        JSON.stringify(sarif)
          .replace('"level": "error"', '"level": "fatal"')
          .replace('"level":"error"', '"level":"fatal"'),
      ),
    ),
    false,
  );

  // The same change reviewed as commits, base and head given: CI's form.
  const committed = await runReview(await loadProject(repository.dir), { audit: false, base: 'main', head: 'planted' });
  assert.deepEqual(summary(committed), found);
  await repository.git('checkout', '-q', 'main');
});

test('the review is the journey stage after access: its gate fails where keel review does, and passes with no repository', async () => {
  await repository.git('checkout', '-q', '-b', 'stage');
  await repository.write({
    'src/handlers.ts': (await handlers()).replace(
      '  try {\n    return JSON.parse(notes);\n  } catch {}\n  return undefined;',
      '  try {\n    return JSON.parse(notes);\n  } catch {}\n  try {\n    return JSON.parse(`[${notes}]`);\n  } catch {}\n  return undefined;',
    ),
  });
  await repository.commit('A second swallowed error');
  const [result] = await runGates(await loadProject(repository.dir), [reviewStage], [reviewStage]);
  assert.equal(result?.passed, false);
  assert.deepEqual(
    result?.findings.map(
      (finding) => `${finding.severity} ${finding.rule} ${finding.location.file}:${finding.location.line ?? 0}`,
    ),
    ['error review/swallowed-error src/handlers.ts:21'],
  );
  await repository.git('checkout', '-q', 'main');

  const bare = await mkdtemp(join(tmpdir(), 'keel-review-stage-'));
  try {
    const [outside] = await runGates(await loadProject(bare), [reviewStage], [reviewStage]);
    assert.equal(outside?.passed, true);
    assert.deepEqual(outside?.findings, []);
  } finally {
    await rm(bare, { recursive: true, force: true });
  }
});

test('on the main branch with nothing uncommitted, the review is of the last commit', async () => {
  await repository.write({ 'NOTES.md': 'Deploys happen on Tuesdays.\n' });
  await repository.commit('Notes');
  const project = await loadProject(repository.dir);
  const last = await runReview(project, { audit: false, lastCommitWhenClean: true });
  assert.equal(last.base?.ref, 'HEAD~1');
  assert.deepEqual(last.files, [{ path: 'NOTES.md', status: 'added' }]);
  assert.deepEqual(last.findings, []);
  // The journey's gate reviews only what is not on main yet: here, nothing.
  const gate = await runReview(project, { audit: false });
  assert.deepEqual(gate.files, []);
});
