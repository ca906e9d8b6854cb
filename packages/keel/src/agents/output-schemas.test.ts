import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runKeel } from '../cli/run-keel.ts';
import { agentsInstallReportSchema, gateVerdictSchema, statusReportSchema } from './output-schemas.ts';

const flagship = fileURLToPath(new URL('../../../../examples/bookings/', import.meta.url));
const published = {
  'status-report.schema.json': statusReportSchema,
  'agents-gate.schema.json': gateVerdictSchema,
  'agents-install.schema.json': agentsInstallReportSchema,
};

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-output-schemas-'));
  await cp(join(flagship, 'requirements.yaml'), join(root, 'requirements.yaml'));
  await writeFile(join(root, 'keel.yaml'), 'name: schemas\n');
});
after(() => rm(root, { recursive: true, force: true }));

function validator(schema: object) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

test('the published schemas are current', async () => {
  for (const [name, schema] of Object.entries(published)) {
    const file = JSON.parse(await readFile(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as unknown;
    assert.deepEqual(file, schema, `schemas/${name} is current (npm run schemas:write)`);
  }
});

test('real output of keel status, keel agents gate and keel agents install follows the schemas', async () => {
  assert.equal((await runKeel(['check', 'requirements', root])).code, 0);
  const outputs: [object, string[]][] = [
    [statusReportSchema, ['status', root, '--json']],
    [gateVerdictSchema, ['agents', 'gate', root, '--json']],
    [gateVerdictSchema, ['agents', 'gate', root, '--recheck', '--json']],
    [agentsInstallReportSchema, ['agents', 'install', root, '--agent', 'all', '--json']],
  ];
  for (const [schema, args] of outputs) {
    const result = await runKeel(args);
    const value = JSON.parse(result.stdout) as unknown;
    const validate = validator(schema);
    assert.ok(validate(value), `${args.join(' ')}: ${JSON.stringify(validate.errors)}`);
  }
  // A status with evidence and a gate outside git, so that the optional and nullable fields are exercised.
  const status = JSON.parse((await runKeel(['status', root, '--json'])).stdout) as { stages: { evidence?: unknown }[] };
  assert.ok(status.stages[0]?.evidence !== undefined);
  const gate = JSON.parse((await runKeel(['agents', 'gate', root, '--json'])).stdout) as { changed: unknown };
  assert.equal(gate.changed, null);
});
