import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { isKeelError } from '../errors/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { errorFormatIssues, renderError, type ErrorFormat } from './error-format.ts';
import type { HandlerContext, Handlers } from './handler.ts';
import { createApp, type KeelApp } from './index.ts';

const fixture = fileURLToPath(new URL('./fixtures/error-format', import.meta.url));
const json = { 'content-type': 'application/json' };

const handlers: Handlers = {
  createNote: () => Promise.resolve({ status: 201 }),
  getNote: ({ params, problem }: HandlerContext) =>
    Promise.resolve(
      params['id'] === 'n1' ? { status: 200, body: { id: 'n1' } } : problem(404, 'KEEL_NOT_FOUND', 'note not found'),
    ),
  pinNote: () => Promise.resolve({ status: 204 }),
};

interface FormattedError {
  errors: { body: string[] };
  code: string;
  request: string;
}

const formatted = (response: LightMyRequestResponse): FormattedError => {
  assert.match(String(response.headers['content-type']), /^application\/json/);
  return response.json<FormattedError>();
};

describe('a project error format (keel.yaml runtime.errorFormat)', () => {
  let testDatabase: TestDatabase;
  let app: KeelApp;

  before(async () => {
    testDatabase = await createTestDatabase('pglite');
    app = await createApp({ dir: fixture, handlers, database: testDatabase.database, mode: 'test' });
  });
  after(async () => {
    await app.close();
    await testDatabase.dispose();
  });

  test('an invalid body gets the declared status and one message per failing field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: { ...json, 'x-request-id': 'req-1' },
      payload: JSON.stringify({ note: { text: 'x'.repeat(30) }, extra: 1 }),
    });
    assert.equal(response.statusCode, 422);
    const body = formatted(response);
    assert.deepEqual(body.errors.body.sort(), [
      'extra is not allowed',
      'note.text must NOT have more than 20 characters',
    ]);
    assert.equal(body.code, 'KEEL_VALIDATION_FAILED');
    assert.equal(body.request, 'req-1');
  });

  test('an error without fields keeps its own status and carries its detail as the one message', async () => {
    const response = await app.inject({ method: 'POST', url: '/notes', headers: json, payload: '{"note":' });
    assert.equal(response.statusCode, 400);
    assert.equal(formatted(response).code, 'KEEL_MALFORMED_BODY');
    assert.equal(formatted(response).errors.body.length, 1);
  });

  test('unknown routes and methods answer in the format too', async () => {
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    assert.equal(missing.statusCode, 404);
    assert.equal(formatted(missing).code, 'KEEL_ROUTE_NOT_FOUND');
    const method = await app.inject({ method: 'DELETE', url: '/notes' });
    assert.equal(method.statusCode, 405);
    assert.equal(method.headers['allow'], 'POST, OPTIONS');
    assert.equal(formatted(method).code, 'KEEL_METHOD_NOT_ALLOWED');
  });

  test("a handler's problem() is rendered in the format", async () => {
    const response = await app.inject({ method: 'GET', url: '/notes/n2' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(formatted(response).errors.body, ['note not found']);
  });

  test('an empty JSON body is nothing to parse where the operation declares no body, and still refused where it does', async () => {
    const pin = await app.inject({ method: 'POST', url: '/notes/n1/pin', headers: json });
    assert.equal(pin.statusCode, 204);
    const create = await app.inject({ method: 'POST', url: '/notes', headers: json });
    assert.equal(create.statusCode, 422);
    assert.deepEqual(formatted(create).errors.body, ['body is required']);
  });
});

describe('checking and rendering a format', () => {
  const format: ErrorFormat = { mediaType: 'application/json', body: { error: { code: '$code', detail: '$detail' } } };

  test('placeholders are replaced by value; other strings stay as written', () => {
    const rendered = renderError(
      { ...format, body: { kind: 'error', status: '$status', list: ['$title', 'fixed'] } },
      { type: 't', title: 'Nope', status: 409, detail: 'd', code: 'KEEL_CONFLICT', requestId: 'r' },
    );
    assert.deepEqual(rendered, { kind: 'error', status: 409, list: ['Nope', 'fixed'] });
  });

  test('an unknown placeholder and an unknown error code are reported; a good format is quiet', () => {
    assert.deepEqual(errorFormatIssues(format), []);
    const issues = errorFormatIssues({ ...format, body: { message: '$mesage' }, statuses: { KEEL_NOPE: 422 } });
    assert.equal(issues.length, 2);
    assert.match(issues[0] ?? '', /body\.message is \$mesage/);
    assert.match(issues[1] ?? '', /KEEL_NOPE/);
  });

  test('createApp refuses a format it could not render, before serving anything', async () => {
    await assert.rejects(
      createApp({
        dir: fixture,
        handlers,
        inMemory: true,
        mode: 'test',
        runtime: { errorFormat: { ...format, body: { message: '$nope' } } },
      }),
      (error: unknown) => isKeelError(error) && error.code === 'KEEL_CONFIG_INVALID' && /\$nope/.test(error.message),
    );
  });
});
