import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadContract, objectOfSchemas, type Contract, type Operation } from '../contract/index.ts';
import { createAjv } from '../runtime/ajv.ts';
import type { KeelApp } from '../runtime/index.ts';
import { createMockApp } from './create-mock-app.ts';
import { generateFromSchema } from './generate-from-schema.ts';
import { seededRandom } from './seeded-random.ts';

const flagship = fileURLToPath(new URL('../../../../examples/bookings', import.meta.url));
const bin = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));
const orgId = '8a1f0c2e-3b4d-4e5f-8a6b-7c8d9e0f1a2b';
const acme = { id: orgId, name: 'Acme', slug: 'acme', createdAt: '2025-01-02T03:04:05Z' };
const globex = { ...acme, name: 'Globex', slug: 'globex' };
const gone = {
  type: 'https://keel.dev/errors/KEEL_NOT_FOUND',
  title: 'Gone',
  status: 404,
  detail: 'No such organisation.',
  code: 'KEEL_NOT_FOUND',
};

interface Problem {
  readonly code: string;
  readonly status: number;
  readonly available?: string[];
  readonly declared?: string[];
}

/** The flagship's contract with examples on getOrganisation (it declares none of its own). */
async function flagshipWithExamples(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-mock-'));
  await cp(join(flagship, 'schemas'), join(dir, 'schemas'), { recursive: true });
  const document = parse(await readFile(join(flagship, 'openapi.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
  };
  const responses = (
    document.paths['/v1/orgs/{orgId}']?.['get'] as { responses: Record<string, Record<string, unknown>> }
  ).responses;
  const ok = responses['200'] as { content: Record<string, Record<string, unknown>> };
  (ok.content['application/json'] as Record<string, unknown>)['examples'] = {
    acme: { value: acme },
    globex: { value: globex },
  };
  responses['404'] = {
    description: 'No such organisation.',
    content: {
      'application/problem+json': {
        schema: { $ref: './schemas/problem.yaml#/Problem' },
        examples: { gone: { value: gone } },
      },
    },
  };
  await writeFile(join(dir, 'openapi.yaml'), stringify(document));
  return dir;
}

async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const response = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    type,
    body: type.includes('json') ? (JSON.parse(text) as unknown) : text,
  };
}

describe('keel mock, examples', () => {
  let dir: string;
  let app: KeelApp;
  let base: string;

  before(async () => {
    dir = await flagshipWithExamples();
    app = await createMockApp({ source: join(dir, 'openapi.yaml'), logger: false });
    base = await app.listen({ port: 0 });
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('serves the lowest 2xx response that has an example, its first example', async () => {
    const response = await call(base, 'GET', `/v1/orgs/${orgId}`);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, acme);
    assert.equal(response.headers.get('preference-applied'), null);
  });

  test('Prefer: example=NAME chooses the example, and says so in Preference-Applied', async () => {
    const response = await call(base, 'GET', `/v1/orgs/${orgId}`, { prefer: 'example=globex' });
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, globex);
    assert.equal(response.headers.get('preference-applied'), 'example=globex');
  });

  test('Prefer: code=NNN chooses the response; its example is served', async () => {
    const response = await call(base, 'GET', `/v1/orgs/${orgId}`, { prefer: 'code=404' });
    assert.equal(response.status, 404);
    assert.match(response.type, /^application\/problem\+json/);
    assert.deepEqual(response.body, gone);
  });

  test('an unknown example name is a 400 problem naming the examples there are', async () => {
    const anywhere = await call(base, 'GET', `/v1/orgs/${orgId}`, { prefer: 'example=initech' });
    assert.equal(anywhere.status, 400);
    assert.match(anywhere.type, /^application\/problem\+json/);
    assert.equal((anywhere.body as Problem).code, 'KEEL_MOCK_UNKNOWN_EXAMPLE');
    assert.deepEqual((anywhere.body as Problem).available, ['acme', 'globex', 'gone']);
    const wrongCode = await call(base, 'GET', `/v1/orgs/${orgId}`, { prefer: 'code=404, example=acme' });
    assert.equal(wrongCode.status, 400);
    assert.deepEqual((wrongCode.body as Problem).available, ['gone']);
  });

  test('an undeclared status is a 400 problem naming the declared ones', async () => {
    const response = await call(base, 'GET', `/v1/orgs/${orgId}`, { prefer: 'code=418' });
    assert.equal(response.status, 400);
    assert.equal((response.body as Problem).code, 'KEEL_MOCK_UNKNOWN_STATUS');
    assert.deepEqual((response.body as Problem).declared, ['200', '400', '401', '403', '404', '429', '500']);
  });

  test('requests are validated as the runtime validates them, before any mock response', async () => {
    const json = { 'content-type': 'application/json' };
    const refused = [
      [await call(base, 'GET', '/v1/orgs/not-a-uuid', { prefer: 'code=200' }), 400, 'KEEL_VALIDATION_FAILED'],
      [await call(base, 'POST', '/v1/orgs', json, JSON.stringify({ name: 'Acme' })), 400, 'KEEL_VALIDATION_FAILED'],
      [await call(base, 'POST', '/v1/orgs', json, '{"name":'), 400, 'KEEL_MALFORMED_BODY'],
      [
        await call(base, 'POST', '/v1/orgs', { 'content-type': 'text/plain' }, 'Acme'),
        415,
        'KEEL_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        await call(base, 'POST', '/v1/orgs', json, JSON.stringify({ name: 'x'.repeat(1_100_000), slug: 'acme' })),
        413,
        'KEEL_PAYLOAD_TOO_LARGE',
      ],
      [await call(base, 'GET', '/v1/organisations'), 404, 'KEEL_ROUTE_NOT_FOUND'],
      [await call(base, 'DELETE', `/v1/orgs/${orgId}`), 405, 'KEEL_METHOD_NOT_ALLOWED'],
    ] as const;
    for (const [response, status, code] of refused) {
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.match(response.type, /^application\/problem\+json/);
      assert.equal((response.body as Problem).code, code);
    }
    assert.equal(refused[6][0].headers.get('allow'), 'GET, HEAD, OPTIONS');
    const missing = (refused[1][0].body as { errors: { pointer: string }[] }).errors.map((error) => error.pointer);
    assert.deepEqual(missing, ['#/slug']);
  });

  test('a valid write is answered from its schema, with the declared status', async () => {
    const response = await call(
      base,
      'POST',
      '/v1/orgs',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'Acme', slug: 'acme' }),
    );
    assert.equal(response.status, 201);
    assert.equal(typeof (response.body as { id: unknown }).id, 'string');
  });
});

describe('keel mock --dynamic, on the flagship project', () => {
  let app: KeelApp;
  let base: string;
  let contract: Contract;
  const ajv = createAjv({ coerce: false });

  before(async () => {
    app = await createMockApp({ source: flagship, dynamic: true, seed: 7, logger: false });
    base = await app.listen({ port: 0 });
    contract = await loadContract(join(flagship, 'openapi.yaml'));
  });
  after(async () => {
    await app.close();
  });

  /** A request the contract accepts, with parameters and body generated from their schemas. */
  const requestFor = (operation: Operation, seed: number): { path: string; body: string | undefined } => {
    const random = seededRandom(seed);
    const params = operation.parameters.filter((parameter) => parameter.in === 'path');
    const values = generateFromSchema(
      objectOfSchemas(
        Object.fromEntries(params.map((p) => [p.name, p.schema])),
        params.map((p) => p.name),
      ),
      { random, preferSchemaExamples: false },
    ) as Record<string, string>;
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
    const schema = operation.requestBody?.content['application/json'];
    return {
      path,
      body:
        schema === undefined
          ? undefined
          : JSON.stringify(generateFromSchema(schema, { random, preferSchemaExamples: false })),
    };
  };

  test('every operation answers its lowest 2xx with data valid against the response schema', async () => {
    assert.equal(contract.operations.length, app.contract.operations.length);
    for (const [index, operation] of contract.operations.entries()) {
      const { path, body } = requestFor(operation, index);
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      const response = await call(base, operation.method.toUpperCase(), path, headers, body);
      const status = Object.keys(operation.responses)
        .filter((key) => key.startsWith('2'))
        .sort()[0] as string;
      assert.equal(String(response.status), status, `${operation.operationId}: ${JSON.stringify(response.body)}`);
      const schema = operation.responses[status]?.content['application/json'];
      if (schema === undefined) {
        // A status without content (202 Accepted, 204 No Content) answers none.
        assert.equal(response.body, '', `${operation.operationId} answers no body`);
        continue;
      }
      const validate = ajv.compile(schema as object);
      assert.ok(validate(response.body), `${operation.operationId}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  test('with a seed, the same request gets the same data and another request other data', async () => {
    const first = await call(base, 'GET', `/v1/orgs/${orgId}/bookings`);
    const again = await call(base, 'GET', `/v1/orgs/${orgId}/bookings`);
    const other = await call(base, 'GET', `/v1/orgs/${orgId}/bookings?limit=5`);
    assert.deepEqual(again.body, first.body);
    assert.notDeepEqual(other.body, first.body);
  });

  test('error responses are generated from their schemas too', async () => {
    const response = await call(base, 'GET', `/v1/orgs/${orgId}`, { prefer: 'code=404' });
    assert.equal(response.status, 404);
    const schema = contract.operations.find((operation) => operation.operationId === 'getOrganisation')?.responses[
      '404'
    ]?.content['application/problem+json'];
    const validate = ajv.compile(schema as object);
    assert.ok(validate(response.body), ajv.errorsText(validate.errors));
  });
});

describe('keel mock command', () => {
  test('prints the URL it serves at (PORT), answers, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'mock', flagship], {
      env: { ...process.env, PORT: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /mocking .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match !== null) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const response = await fetch(`${url}/v1/orgs/${orgId}`);
    assert.equal(response.status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  test('--help explains Prefer; a bad --seed is a usage error', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => resolve({ code, out }));
      });
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Prefer: code=404/);
    assert.match(help.out, /--seed <n>/);
    const bad = await run([flagship, '--seed', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.out, /not a seed/);
  });
});
