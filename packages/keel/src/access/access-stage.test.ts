import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { formatLocation, type Finding } from '../journey/finding.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import { runGates } from '../journey/run-gate.ts';
import { loadProject } from '../project/index.ts';
import { accessSchema, accessTestSchema } from './access-schema.ts';
import { accessStage } from './access-stage.ts';

const fixtures = new URL('./fixtures/', import.meta.url);
const { bad } = await checkStageFixtures(accessStage, fixtures);

function lines(findings: readonly Finding[] | undefined, rule: string): string[] {
  return (findings ?? [])
    .filter((finding) => finding.rule === rule)
    .map((finding) => `${formatLocation(finding.location)} ${finding.message}`);
}

test('every rule fires on its fixture and none on the good project', () => {
  assert.equal(bad.size, accessStage.loaderRules.length + accessStage.rules.length);
});

test('a condition that does not parse is reported at its column in access.yaml', () => {
  assert.deepEqual(lines(bad.get('access/condition-syntax'), 'access/condition-syntax'), [
    'access.yaml:35:31 the condition of member in updateBooking does not parse: expected an operand, found "="',
  ]);
  assert.deepEqual(lines(bad.get('access/unknown-parameter'), 'access/unknown-parameter'), [
    "access.yaml:35:62 updateBooking: member's condition names path.org, but /v1/orgs/{orgId}/bookings/{bookingId} has only orgId, bookingId",
  ]);
});

test('findings name what is wrong and where', () => {
  assert.deepEqual(lines(bad.get('access/missing-object-rule'), 'access/missing-object-rule'), [
    'access.yaml:31:34 getBooking takes path parameter bookingId, but user is allowed with no condition on the row',
  ]);
  assert.deepEqual(lines(bad.get('access/policy-test-failed'), 'access/policy-test-failed'), [
    'access.test.yaml:13:5 member (same tenant) calling updateBooking: expected allow, access.yaml decides deny: the row does not meet `row.created_by = principal.id`',
  ]);
  assert.deepEqual(lines(bad.get('access/sensitive-field-readable'), 'access/sensitive-field-readable'), [
    'openapi.yaml:110:9 createApiKey 201 body.keyHash is sensitive and readable by admin',
  ]);
  assert.equal(
    bad.get('access/unknown-operation')?.find((f) => f.rule === 'access/unknown-operation')?.fix,
    'Did you mean getBooking?',
  );
});

test('the database rules name the table, policy, role or condition against the migrated scratch database', () => {
  assert.deepEqual(lines(bad.get('access/rls-not-enabled'), 'access/rls-not-enabled'), [
    'migrations/0002_bookings.sql:2:1 bookings is a tenant table (it has org_id), but after every migration its row-level security is not forced',
  ]);
  assert.deepEqual(lines(bad.get('access/policy-drift'), 'access/policy-drift'), [
    'access.yaml:8:1 keel_bookings_delete on bookings is no longer implied by access.yaml',
  ]);
  assert.deepEqual(lines(bad.get('access/app-role-unsafe'), 'access/app-role-unsafe'), [
    'access.yaml:1:1 the application role keel_app owns table public.bookings: row-level security would not bind request transactions',
  ]);
  assert.deepEqual(
    lines(bad.get('access/condition-invalid-sql'), 'access/condition-invalid-sql').map((line) =>
      line.replace(/: operator does not exist.*/, ': operator does not exist'),
    ),
    [
      "access.yaml:35:15 updateBooking: member's condition `row.created_by = principal.id or row.notes = 1` is refused by PostgreSQL: operator does not exist",
    ],
  );
});

test('the access matrix is a stage output: every role by every operation', async () => {
  const project = await loadProject(fileURLToPath(new URL('./good/', fixtures)));
  const [result] = await runGates(project, [accessStage]);
  const matrix = result?.outputs['access-matrix.md'] ?? '';
  assert.match(
    matrix,
    /\| updateBooking \| deny \| deny \| allow \(own tenant\) where `row.created_by = principal.id` \| allow \(own tenant\) \| deny \|/,
  );
  assert.match(matrix, /\| createApiKey \(privileged\) \| deny \| deny \| deny \| allow \(own tenant\) \| deny \|/);
});

test('the published schemas are the ones the loader validates with (`npm run schemas:write` regenerates them)', async () => {
  for (const [name, schema] of [
    ['access.schema.json', accessSchema],
    ['access-test.schema.json', accessTestSchema],
  ] as const) {
    const published: unknown = JSON.parse(await readFile(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));
    assert.deepEqual(published, JSON.parse(JSON.stringify(schema)), name);
  }
});
