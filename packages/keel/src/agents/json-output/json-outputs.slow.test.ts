import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runKeel } from '../../cli/run-keel.ts';
import { loadProject } from '../../project/index.ts';
import { planRelease, writeRelease } from '../../ship/ship-release.ts';
import { createShopProject, writeRelease2, type ShopProject } from '../../ship/test-project.ts';
import { errorOutput, jsonOutputs, type JsonOutput } from './json-outputs.ts';

// Every command's --json output, produced by running the command on a fixture, is checked against its schema. About 35
// Keel processes: a slow suite (`npm run test:slow`), run once by CI rather than in every `npm test`.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const flagship = source('../../../../../examples/bookings/');
const bin = source('../../cli/bin.ts');
const everyOutput = [...jsonOutputs, errorOutput];
const checked = new Set<string>();

function outputOf(command: string): JsonOutput {
  const output = everyOutput.find((candidate) => candidate.command === command);
  assert.ok(output !== undefined, `${command} has a schema`);
  return output;
}

function validator(schema: object) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

/** The command's JSON follows its schema, and the same JSON without any one required field does not. */
function assertFollows(command: string, stdout: string): Record<string, unknown> {
  const { schema } = outputOf(command);
  const validate = validator(schema);
  const value = JSON.parse(stdout) as Record<string, unknown>;
  assert.ok(validate(value), `keel ${command} --json: ${JSON.stringify(validate.errors)}`);
  for (const field of schema.required) {
    const incomplete = Object.fromEntries(Object.entries(value).filter(([key]) => key !== field));
    assert.equal(validate(incomplete), false, `keel ${command} --json without ${field} must not validate`);
  }
  checked.add(command);
  return value;
}

async function keel(command: string, args: readonly string[], code = 0): Promise<Record<string, unknown>> {
  const run = await runKeel([...command.split(' '), ...args, '--json']);
  assert.equal(run.code, code, `keel ${command}: ${run.stderr}${run.stdout.slice(0, 2000)}`);
  return assertFollows(command, run.stdout);
}

/** A server command's first JSON document (printed once it listens); the server is then stopped. */
async function startupOf(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [bin, ...args, '--port', '0', '--json'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const document = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // The first whole document on stdout, whatever follows it: a log line before it fails the schema, not the wait.
      const lines = stdout.split('\n');
      for (let end = 1; end <= lines.length; end += 1) {
        const text = lines.slice(0, end).join('\n');
        try {
          JSON.parse(text);
          resolve(text);
          return;
        } catch {
          // Not a whole document yet.
        }
      }
    });
    child.on('close', (code) => reject(new Error(`exited ${String(code)} before answering: ${stderr}${stdout}`)));
  });
  child.kill('SIGTERM');
  await closed;
  return document;
}

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'keel-json-output-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** A copy of a fixture that resolves the workspace's packages (kysely) as a real project would. */
async function fixtureCopy(from: string, name: string): Promise<string> {
  const target = join(root, name);
  await cp(source(from), target, { recursive: true });
  await rm(join(target, '.keel'), { recursive: true, force: true });
  await symlink(source('../../../../../node_modules'), join(target, 'node_modules'), 'dir');
  return target;
}

describe('a project with requirements only', () => {
  let project: string;
  before(async () => {
    project = join(root, 'requirements-only');
    await cp(join(flagship, 'requirements.yaml'), join(project, 'requirements.yaml'));
    await writeFile(join(project, 'keel.yaml'), 'name: schemas\n');
  });

  test('check, status, trace, journey, report, the agents commands and an error', async () => {
    await keel('check', ['requirements', project]);
    const status = (await keel('status', [project])) as { stages: { evidence?: unknown }[] };
    assert.ok(status.stages[0]?.evidence !== undefined, 'a stage with evidence');
    await keel('trace', ['R-BOOK-1', project]);
    const gate = await keel('agents gate', [project, '--recheck']);
    assert.equal(gate['changed'], null, 'outside git');
    await keel('agents install', [project, '--agent', 'all']);
    await keel('agents show', ['model', project]);
    const journey = await keel('journey', [project], 1);
    assert.equal(journey['failedAt'], 'architecture');
    await keel('report', [project]);
    await keel('init', [join(root, 'new-project')]);
    const run = await runKeel(['check', 'nosuchstage', project, '--json']);
    assert.equal(run.code, 2);
    assert.equal((assertFollows('*', run.stdout)['error'] as { code: string }).code, 'KEEL_UNKNOWN_STAGE');
  });
});

describe('the shop fixture', () => {
  let shop: string;
  before(async () => {
    shop = await fixtureCopy('../../tests/fixtures/shop', 'shop');
  });

  test('the database commands', async () => {
    const migrated = await keel('db migrate', [shop]);
    assert.ok((migrated['applied'] as unknown[]).length > 0);
    await keel('db status', [shop]);
    await keel('db seed', [shop]);
    await keel('db diff', [shop]);
    await keel('db rollback', [shop]);
    await keel('db reset', [shop, '--yes']);
  });

  test('gen, contract diff and mock', async () => {
    await keel('gen', [shop]);
    const diff = await keel(
      'contract diff',
      [join(shop, 'openapi.yaml'), join(flagship, 'openapi.yaml'), '--dir', shop],
      1,
    );
    assert.ok((diff['changes'] as unknown[]).length > 0);
    assertFollows('mock', await startupOf(['mock', shop]));
  });

  test('test, and the mutation run it may carry', async () => {
    const run = await keel('test', [shop, '--runs', '2']);
    assert.ok(run['run'] !== undefined);
    // `keel test --mutation` runs StrykerJS for minutes: its key is checked on the real output with a result added.
    const validate = validator(outputOf('test').schema);
    const counts = { killed: 8, survived: 1, noCoverage: 1, timeout: 0, errors: 0, total: 10 };
    const mutation = { format: 1, score: 80, counts, undetected: [{ file: 'handlers.ts', line: 3 }] };
    assert.ok(validate({ ...run, mutation }), JSON.stringify(validate.errors));
    assert.equal(validate({ ...run, mutation: { ...mutation, score: 'high' } }), false);
  });
});

test('audit, on a fixture with findings', async () => {
  const widgets = await fixtureCopy('../../runtime/fixtures/widgets', 'widgets');
  const audit = await keel('audit', [widgets, '--no-write-tests'], 1);
  assert.ok((audit['findings'] as unknown[]).length > 0);
});

test('serve, the flagship’s demo', async () => {
  const started = assertFollows('serve', await startupOf(['serve', flagship, '--demo']));
  assert.ok((started['demo'] as { credentials: unknown[] }).credentials.length > 0);
});

describe('a project in git with releases', () => {
  let shop: ShopProject;
  before(async () => {
    shop = await createShopProject();
  });
  after(() => shop.cleanup());

  test('review, ship and rollback', async () => {
    await shop.write('notes.txt', 'AKIAIOSFODNN7EXAMPLE\n');
    const review = await keel('review', [shop.root, '--no-audit'], 1);
    assert.ok((review['findings'] as unknown[]).length > 0);
    await shop.remove('notes.txt');

    const refused = await keel('ship', [shop.root, '--dry-run'], 1);
    assert.ok((refused['findings'] as unknown[]).length > 0);

    await writeRelease(await loadProject(shop.root), await planRelease(await loadProject(shop.root), []));
    shop.commit('release 1.0.0');
    await writeRelease2(shop);
    shop.commit('colour');
    await writeRelease(await loadProject(shop.root), await planRelease(await loadProject(shop.root), []));
    await keel('db migrate', [shop.root]);
    const rollback = await keel('rollback', ['1.0.0', shop.root, '--dry-run']);
    assert.equal((rollback['steps'] as unknown[]).length, 1);
  });
});

test('every schema was checked against real output', () => {
  assert.deepEqual(
    everyOutput.map((output) => output.command).filter((command) => !checked.has(command)),
    [],
  );
});
