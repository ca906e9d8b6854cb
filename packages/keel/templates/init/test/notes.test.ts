// Tests run with node's own runner against an in-memory embedded database: `npm test`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createApp, type KeelApp } from 'keel';

let app: KeelApp;
before(async () => {
  app = await createApp({ dir: new URL('..', import.meta.url).pathname, inMemory: true, logger: false });
});
after(() => app.close());

test('AC-NOTE-1-1: a note is stored and returned with a new id', async () => {
  const created = await app.inject({ method: 'POST', url: '/v1/notes', payload: { text: 'buy milk' } });
  assert.equal(created.statusCode, 201);
  const note = created.json<{ id: string; text: string }>();
  assert.equal(note.text, 'buy milk');
  const read = await app.inject({ method: 'GET', url: `/v1/notes/${note.id}` });
  assert.equal(read.statusCode, 200);
  assert.equal(read.json<{ text: string }>().text, 'buy milk');
});

test('AC-NOTE-1-2: a note longer than 2000 characters is refused with 400', async () => {
  const response = await app.inject({ method: 'POST', url: '/v1/notes', payload: { text: 'x'.repeat(2001) } });
  assert.equal(response.statusCode, 400);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
});

test('AC-NOTE-2-2: an unknown id is refused with 404', async () => {
  const response = await app.inject({ method: 'GET', url: '/v1/notes/3f0c2a9e-9d7b-4b8e-8f3e-1c2d3e4f5a6b' });
  assert.equal(response.statusCode, 404);
});
