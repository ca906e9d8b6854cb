import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { architectureStage } from '../architecture/index.ts';
import { createCheckContext } from '../journey/check-context.ts';
import { formatLocation, type Finding } from '../journey/finding.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import { runnerRules, stageRules } from '../journey/run-gate.ts';
import { loadProject } from '../project/index.ts';
import { requirementsStage } from '../requirements/index.ts';
import { contractStage } from './contract-stage.ts';
import { isSpectralRuleId } from './spectral/spectral-lint-rules.ts';

const fixtures = new URL('./fixtures/stage/', import.meta.url);
const good = fileURLToPath(new URL('./good/', fixtures));

/** `file:line:column message`, for one rule's findings. */
function lines(findings: readonly Finding[] | undefined, rule: string): string[] {
  return (findings ?? [])
    .filter((finding) => finding.rule === rule)
    .map((finding) => `${formatLocation(finding.location)} ${finding.message}`);
}

/** The 1-based line and column of the first occurrence of `text` in a fixture file. */
async function positionOf(file: string, text: string): Promise<string> {
  const content = await readFile(new URL(file, fixtures), 'utf8');
  const offset = content.indexOf(text);
  assert.ok(offset >= 0, `${text} is in ${file}`);
  const before = content.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

// Spectral's rules are exempt from a folder each: the oas-… and owasp-… folders prove that both rulesets run.
const { bad } = await checkStageFixtures(contractStage, fixtures, {
  upstream: [requirementsStage, architectureStage],
  exempt: isSpectralRuleId,
});

test("each of Keel's rules fires on its fixture, and the good project is quiet on every rule, Spectral's included", () => {
  const keelRules = contractStage.rules.filter((rule) => !isSpectralRuleId(rule.id));
  for (const rule of [...contractStage.loaderRules, ...keelRules]) assert.ok(bad.has(rule.id), rule.id);
  for (const [rule, findings] of bad) {
    for (const finding of findings.filter((each) => each.rule === rule)) {
      assert.ok(finding.location.line !== undefined && finding.location.column !== undefined, `${rule} has a position`);
    }
  }
});

test('a Spectral oas rule and an OWASP rule fire under their Keel ids, with Spectral severities', () => {
  const oas = bad
    .get('contract/oas-operation-description')
    ?.find((f) => f.rule === 'contract/oas-operation-description');
  assert.equal(oas?.severity, 'warning');
  assert.match(oas?.message ?? '', /\(Spectral operation-description\)$/);
  const owasp = bad
    .get('contract/owasp-api4-2023-string-limit')
    ?.find((f) => f.rule === 'contract/owasp-api4-2023-string-limit');
  assert.equal(owasp?.severity, 'error');
});

test('findings in a referenced file name that file, at the line and column of the key', async () => {
  assert.deepEqual(lines(bad.get('contract/unresolved-ref'), 'contract/unresolved-ref'), [
    `schemas.yaml:${await positionOf('unresolved-ref/schemas.yaml', "$ref: '#/Nmae'")} $ref "#/Nmae" points at nothing: schemas.yaml has no /Nmae`,
  ]);
  // Spectral's results in schemas.yaml too: it follows the $ref, and Keel maps its path back to the key.
  const spectral = bad
    .get('contract/owasp-api4-2023-string-limit')
    ?.find((f) => f.rule === 'contract/owasp-api4-2023-string-limit');
  const statusLine = await positionOf(
    'owasp-api4-2023-string-limit/schemas.yaml',
    'status:\n      type: string\n      pattern',
  );
  assert.equal(formatLocation(spectral?.location ?? { file: '' }), `schemas.yaml:${statusLine}`);
  assert.deepEqual(lines(bad.get('contract/open-request-body'), 'contract/open-request-body'), [
    `schemas.yaml:${await positionOf('good/schemas.yaml', 'NewBooking:')} POST /v1/orgs/{orgId}/bookings: request body (application/json) is an object that accepts properties the contract does not declare`,
  ]);
});

test('messages name the operation and the field, fixes say what to write', () => {
  const unbounded = bad.get('contract/unbounded-input')?.find((f) => f.rule === 'contract/unbounded-input');
  assert.equal(
    unbounded?.message,
    'POST /v1/orgs/{orgId}/resources: request body (application/json) property `note` is a string without maxLength',
  );
  const unknown = bad.get('contract/unknown-requirement')?.find((f) => f.rule === 'contract/unknown-requirement');
  assert.match(unknown?.fix ?? '', /Did you mean R-BOOK-1/);
  assert.deepEqual(
    lines(bad.get('contract/error-format'), 'contract/error-format').length,
    1,
    'a shared response once',
  );
  assert.match(lines(bad.get('contract/error-format'), 'contract/error-format')[0] ?? '', /shared by 4 operations/);
  assert.deepEqual(
    lines(bad.get('contract/versioning'), 'contract/versioning').map((line) => line.replace(/^\S+ /, '')),
    [
      'POST /v1/orgs/{orgId}/resources carries /v1, but info.version 2.0.0 is major 2',
      'GET /v1/orgs/{orgId}/resources carries /v1, but info.version 2.0.0 is major 2',
      'POST /v1/orgs/{orgId}/bookings carries /v1, but info.version 2.0.0 is major 2',
      'DELETE /v1/orgs/{orgId}/bookings/{bookingId} carries /v1, but info.version 2.0.0 is major 2',
    ],
  );
});

test('the inputs are the contract, every file it references, and the released contracts', async () => {
  const project = await loadProject(good);
  assert.deepEqual(contractStage.inputs(project), ['openapi.yaml', 'schemas.yaml', 'releases/*/contract/**/*']);
});

test('trace: each operation realises its requirements and belongs to its module', async () => {
  const project = await loadProject(good);
  const model = await createCheckContext(project).model(contractStage);
  assert.ok(model !== undefined);
  const nodes = new Map(contractStage.trace?.(model).map((node) => [node.id, node]));
  assert.deepEqual([...nodes.keys()], ['listResources', 'createResource', 'createBooking', 'cancelBooking']);
  assert.equal(nodes.get('createBooking')?.kind, 'operation');
  assert.deepEqual(nodes.get('createBooking')?.links, [
    { to: 'R-BOOK-1', relation: 'realises', inverse: 'realised by' },
    { to: 'bookings', relation: 'belongs to', inverse: 'has operation' },
  ]);
});

test('every rule is documented in docs/contract.md with its severity', async () => {
  const docs = await readFile(new URL('../../../../docs/contract.md', import.meta.url), 'utf8');
  const generic = new Set(runnerRules(contractStage).map((rule) => rule.id));
  for (const rule of stageRules(contractStage).filter((each) => !generic.has(each.id))) {
    const row = new RegExp(`\\| \`${rule.id}\` +\\| ${rule.severity} +\\|`);
    assert.match(docs, row, `${rule.id} (${rule.severity}) is in the table`);
  }
});
