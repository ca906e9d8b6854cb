import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { createApp, type KeelApp } from './index.ts';
import { handlers } from './fixtures/widgets/handlers.ts';

const fixture = fileURLToPath(new URL('./fixtures/widgets', import.meta.url));
const json = { 'content-type': 'application/json' };

interface Problem {
  code: string;
  status: number;
  type: string;
  detail: string;
  requestId: string;
  errors?: { in: string; pointer: string; detail: string; expected?: unknown }[];
}

for (const kind of testDatabaseKinds()) {
  describe(`runtime on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let app: KeelApp;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      app = await createApp({ dir: fixture, handlers, database: testDatabase.database, mode: 'test' });
    });
    after(async () => {
      await app.close();
      await testDatabase.dispose();
    });

    const create = async (body: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: '/widgets', headers: { ...json, ...headers }, payload: JSON.stringify(body) });

    const problemOf = (response: LightMyRequestResponse): Problem => {
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      return response.json<Problem>();
    };

    test('a valid request reaches the handler and fields the contract does not declare are dropped', async () => {
      const response = await create({ name: 'bolt', size: 3, tags: ['a'] });
      assert.equal(response.statusCode, 201);
      const body = response.json<Record<string, unknown>>();
      assert.deepEqual(Object.keys(body).sort(), ['id', 'name', 'size', 'tags']);
      assert.equal(response.body.includes('never-leaves'), false);
    });

    test('malformed JSON is a 400 problem', async () => {
      const response = await app.inject({ method: 'POST', url: '/widgets', headers: json, payload: '{"name": "x",' });
      assert.equal(response.statusCode, 400);
      assert.equal(problemOf(response).code, 'KEEL_MALFORMED_BODY');
    });

    test('every failing field is listed with its pointer and what was expected', async () => {
      const response = await create({ name: 42, size: 11, colour: 'red' });
      assert.equal(response.statusCode, 400);
      const problem = problemOf(response);
      assert.equal(problem.code, 'KEEL_VALIDATION_FAILED');
      assert.equal(problem.type, 'https://keel.dev/errors/KEEL_VALIDATION_FAILED');
      const byPointer = new Map(problem.errors?.map((error) => [error.pointer, error]));
      assert.deepEqual(byPointer.get('#/name'), {
        in: 'body',
        pointer: '#/name',
        detail: 'must be string',
        expected: 'string',
      });
      assert.equal(byPointer.get('#/size')?.expected, 'maximum 10');
      assert.equal(byPointer.get('#/colour')?.detail, 'is not allowed');
    });

    test('a missing required property and a missing body are 400s', async () => {
      const missing = problemOf(await create({ name: 'x' }));
      assert.deepEqual(
        missing.errors?.map((error) => error.pointer),
        ['#/size'],
      );
      const noBody = await app.inject({ method: 'POST', url: '/widgets' });
      assert.equal(noBody.statusCode, 400);
      assert.equal(problemOf(noBody).errors?.[0]?.pointer, '#');
    });

    test('bodies are not coerced: a numeric string is the wrong type', async () => {
      const response = await create({ name: 'x', size: '3' });
      assert.equal(response.statusCode, 400);
      assert.equal(problemOf(response).errors?.[0]?.pointer, '#/size');
    });

    test('a body over the limit is a 413 problem', async () => {
      const response = await create({ name: 'x'.repeat(4000), size: 1 });
      assert.equal(response.statusCode, 413);
      assert.equal(problemOf(response).code, 'KEEL_PAYLOAD_TOO_LARGE');
    });

    test('an undeclared media type is a 415, also when another operation declares it', async () => {
      const xml = await app.inject({
        method: 'POST',
        url: '/widgets',
        headers: { 'content-type': 'application/xml' },
        payload: '<widget/>',
      });
      assert.equal(xml.statusCode, 415);
      assert.equal(problemOf(xml).code, 'KEEL_UNSUPPORTED_MEDIA_TYPE');
      const text = await app.inject({
        method: 'POST',
        url: '/widgets',
        headers: { 'content-type': 'text/plain' },
        payload: 'name=x',
      });
      assert.equal(text.statusCode, 415);
      const note = await app.inject({
        method: 'POST',
        url: '/notes',
        headers: { 'content-type': 'text/plain' },
        payload: 'hello',
      });
      assert.equal(note.statusCode, 204);
    });

    test('query, path and header strings are coerced and validated', async () => {
      await create({ name: 'a-widget', size: 2 });
      const ok = await app.inject({ method: 'GET', url: '/widgets?limit=2&size=3', headers: { 'x-trace': 'abc' } });
      assert.equal(ok.statusCode, 200);
      const page = ok.json<{ limit: number; sizes: number[]; trace?: string }>();
      assert.equal(page.limit, 2);
      assert.deepEqual(page.sizes, [3]);
      assert.equal(page.trace, undefined, 'an undeclared response field is dropped');
      const defaults = (await app.inject('/widgets')).json<{ limit: number }>();
      assert.equal(defaults.limit, 10, 'the declared default applies');
      const badQuery = problemOf(await app.inject('/widgets?limit=many'));
      assert.deepEqual([badQuery.errors?.[0]?.in, badQuery.errors?.[0]?.pointer], ['query', '#/limit']);
      const badHeader = problemOf(await app.inject({ method: 'GET', url: '/widgets', headers: { 'x-trace': 'ABC' } }));
      assert.equal(badHeader.errors?.[0]?.in, 'header');
      const badPath = problemOf(await app.inject('/widgets/not-a-uuid'));
      assert.deepEqual([badPath.errors?.[0]?.in, badPath.errors?.[0]?.expected], ['path', 'format uuid']);
    });

    test('an unknown path is a 404 problem', async () => {
      const response = await app.inject('/gadgets');
      assert.equal(response.statusCode, 404);
      assert.equal(problemOf(response).code, 'KEEL_ROUTE_NOT_FOUND');
    });

    test('a known path with another method is a 405 with Allow', async () => {
      const response = await app.inject({ method: 'DELETE', url: '/widgets' });
      assert.equal(response.statusCode, 405);
      assert.equal(response.headers['allow'], 'GET, HEAD, POST, OPTIONS');
      assert.equal(problemOf(response).code, 'KEEL_METHOD_NOT_ALLOWED');
      const item = await app.inject({ method: 'PUT', url: '/widgets/5d0c0b7e-8a0a-4c83-9a4e-0d3f5f1f6c11' });
      assert.equal(item.statusCode, 405);
      assert.equal(item.headers['allow'], 'GET, HEAD, PATCH, OPTIONS');
      const options = await app.inject({ method: 'OPTIONS', url: '/widgets' });
      assert.equal(options.statusCode, 204);
    });

    test('a response that breaks the contract is a 500 KEEL_RESPONSE_CONTRACT in test mode', async () => {
      const response = await app.inject('/faults/wrong-shape');
      assert.equal(response.statusCode, 500);
      const problem = problemOf(response);
      assert.equal(problem.code, 'KEEL_RESPONSE_CONTRACT');
      assert.match(problem.detail, /fault .*#\/size/);
    });

    test('an undeclared field never leaves, even one the handler adds', async () => {
      const response = await app.inject('/faults/leak');
      assert.equal(response.statusCode, 200);
      assert.equal(response.body.includes('hunter2'), false);
    });

    test('an undeclared status is a 500 KEEL_UNDECLARED_STATUS', async () => {
      const response = await app.inject('/faults/undeclared-status');
      assert.equal(response.statusCode, 500);
      assert.equal(problemOf(response).code, 'KEEL_UNDECLARED_STATUS');
    });

    test('outside development a crash shows no message, stack, SQL or path', async () => {
      const response = await app.inject('/faults/throw');
      assert.equal(response.statusCode, 500);
      const problem = problemOf(response);
      assert.equal(problem.code, 'KEEL_INTERNAL');
      assert.equal(/select|internal\.sql|\/etc|at .*\.ts/.test(response.body), false, response.body);
    });

    test('X-Request-Id is accepted and returned, or generated; every answer says nosniff', async () => {
      const given = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
      assert.equal(given.headers['x-request-id'], 'abc-123');
      assert.equal(given.headers['x-content-type-options'], 'nosniff', 'no client sniffs an answer into another type');
      const generated = await app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'bad id\u0001' },
      });
      assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
      const problem = problemOf(
        await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'r-1' } }),
      );
      assert.equal(problem.requestId, 'r-1');
    });

    test('/healthz and /readyz answer', async () => {
      assert.equal((await app.inject('/healthz')).statusCode, 200);
      const ready = await app.inject('/readyz');
      assert.equal(ready.statusCode, 200, ready.body);
    });

    test('reads carry an ETag and If-None-Match gets 304', async () => {
      const id = (JSON.parse((await create({ name: 'etag', size: 1 })).body) as { id: string }).id;
      const first = await app.inject(`/widgets/${id}`);
      const etag = first.headers['etag'];
      assert.match(String(etag), /^"[\w-]+"$/);
      const again = await app.inject({
        method: 'GET',
        url: `/widgets/${id}`,
        headers: { 'if-none-match': String(etag) },
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      const weak = await app.inject({
        method: 'GET',
        url: `/widgets/${id}`,
        headers: { 'if-none-match': `W/${etag}` },
      });
      assert.equal(weak.statusCode, 304, 'If-None-Match compares weakly');
      const other = await app.inject({ method: 'GET', url: `/widgets/${id}`, headers: { 'if-none-match': '"other"' } });
      assert.equal(other.statusCode, 200);
    });

    test('If-Match on an update: the current ETag succeeds, a stale one is a 412 and changes nothing', async () => {
      const id = (JSON.parse((await create({ name: 'v1', size: 1 })).body) as { id: string }).id;
      const etag = String((await app.inject(`/widgets/${id}`)).headers['etag']);
      const patch = (name: string, ifMatch: string) =>
        app.inject({
          method: 'PATCH',
          url: `/widgets/${id}`,
          headers: { ...json, 'if-match': ifMatch },
          payload: JSON.stringify({ name }),
        });
      const first = await patch('v2', etag);
      assert.equal(first.statusCode, 200);
      const stale = await patch('v3', etag);
      assert.equal(stale.statusCode, 412);
      assert.equal(problemOf(stale).code, 'KEEL_PRECONDITION_FAILED');
      const current = (await app.inject(`/widgets/${id}`)).json<{ name: string }>();
      assert.equal(current.name, 'v2');
      const missing = await app.inject({
        method: 'PATCH',
        url: '/widgets/00000000-0000-4000-8000-000000000000',
        headers: { ...json, 'if-match': '*' },
        payload: '{}',
      });
      assert.equal(missing.statusCode, 412, 'If-Match: * fails when there is no current representation');
    });

    test('Idempotency-Key: the same request replays, a different body is a 422', async () => {
      const key = `k-${kind}-replay`;
      const first = await create({ name: 'once', size: 1 }, { 'idempotency-key': key });
      const second = await create({ name: 'once', size: 1 }, { 'idempotency-key': key });
      assert.equal(first.statusCode, 201);
      assert.equal(second.statusCode, 201);
      assert.equal(second.body, first.body);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      const reordered = await app.inject({
        method: 'POST',
        url: '/widgets',
        headers: { ...json, 'idempotency-key': key },
        payload: '{"size":1,"name":"once"}',
      });
      assert.equal(reordered.body, first.body, 'key order in the body does not matter');
      const different = await create({ name: 'twice', size: 1 }, { 'idempotency-key': key });
      assert.equal(different.statusCode, 422);
      assert.equal(problemOf(different).code, 'KEEL_IDEMPOTENCY_KEY_REUSED');
      const count = (await app.inject('/widgets?limit=50')).json<{ items: { name: string }[] }>();
      assert.equal(count.items.filter((item) => item.name === 'once').length, 1);
    });

    test('Idempotency-Key: concurrent duplicates are serialised and act once', async () => {
      const key = `k-${kind}-concurrent`;
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => create({ name: 'concurrent', size: 2 }, { 'idempotency-key': key })),
      );
      assert.deepEqual(new Set(responses.map((response) => response.statusCode)), new Set([201]));
      assert.equal(new Set(responses.map((response) => response.body)).size, 1);
      const page = (await app.inject('/widgets?limit=50')).json<{ items: { name: string }[] }>();
      assert.equal(page.items.filter((item) => item.name === 'concurrent').length, 1);
    });

    test('Idempotency-Key: an expired key acts again', async () => {
      const key = `k-${kind}-expired`;
      const first = await create({ name: 'expiring', size: 1 }, { 'idempotency-key': key });
      await sql`update keel.idempotency_keys set expires_at = now() - interval '1 second' where key = ${key}`.execute(
        testDatabase.database.db,
      );
      const second = await create({ name: 'expiring', size: 1 }, { 'idempotency-key': key });
      assert.equal(second.statusCode, 201);
      assert.notEqual(second.body, first.body);
      assert.equal(second.headers['idempotent-replayed'], undefined);
    });
  });
}

describe('start-up', () => {
  test('handlers that do not match the contract stop start-up with the full list', async () => {
    const { createApp: create } = await import('./index.ts');
    const partial = Object.fromEntries(
      Object.entries(handlers).filter(([operationId]) => operationId !== 'fault' && operationId !== 'createNote'),
    );
    await assert.rejects(
      create({
        dir: fixture,
        handlers: { ...partial, extraOne: () => Promise.resolve({ status: 200 }) },
        inMemory: true,
      }),
      (error: { code?: string; message?: string }) => {
        assert.equal(error.code, 'KEEL_HANDLERS_MISMATCH');
        assert.match(error.message ?? '', /no handler for operation fault/);
        assert.match(error.message ?? '', /no handler for operation createNote/);
        assert.match(error.message ?? '', /handler "extraOne" matches no operation/);
        return true;
      },
    );
  });

  test('production mode does not validate responses but still strips undeclared fields', async () => {
    const app = await createApp({ dir: fixture, handlers, inMemory: true, mode: 'production', logger: false });
    try {
      const wrong = await app.inject('/faults/wrong-shape');
      assert.notEqual(wrong.json<{ code?: string }>().code, 'KEEL_RESPONSE_CONTRACT', 'no contract check');
      const leak = await app.inject('/faults/leak');
      assert.equal(leak.body.includes('hunter2'), false);
    } finally {
      await app.close();
    }
  });
});
