// Tests run with node's own runner against an in-memory embedded database: `npm test`. Each test names the acceptance
// criterion of requirements.yaml it proves.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createApp, type KeelApp } from 'keel';

let app: KeelApp;
const ann = randomUUID();
const bob = randomUUID();
const tokens = new Map<string, string>();
const as = (writer: string) => ({ authorization: `Bearer ${tokens.get(writer) ?? ''}` });

before(async () => {
  app = await createApp({ dir: new URL('..', import.meta.url).pathname, inMemory: true, logger: false });
  // Keel's identity provider issues the access tokens (access.yaml: keys: managed); a real app adds sign-in endpoints.
  const identity = app.identity;
  assert.ok(identity !== undefined, 'access.yaml has a scheme whose keys Keel manages');
  for (const writer of [ann, bob]) {
    const { accessToken } = await identity.issueTokensFor(writer);
    tokens.set(writer, accessToken);
  }
});
after(() => app.close());

const write = (writer: string, text: string) =>
  app.inject({ method: 'POST', url: '/v1/notes', headers: as(writer), payload: { text } });

test('AC-NOTE-1-1: a note is stored and returned with a new id', async () => {
  const created = await write(ann, 'buy milk');
  assert.equal(created.statusCode, 201);
  const note = created.json<{ id: string; text: string }>();
  assert.equal(note.text, 'buy milk');
  assert.match(note.id, /^[0-9a-f-]{36}$/);
});

test('AC-NOTE-2-1: a writer reads a note back by its id', async () => {
  const note = (await write(ann, 'buy milk')).json<{ id: string }>();
  const read = await app.inject({ method: 'GET', url: `/v1/notes/${note.id}`, headers: as(ann) });
  assert.equal(read.statusCode, 200);
  assert.equal(read.json<{ text: string }>().text, 'buy milk');
});

test('AC-NOTE-1-2: a note longer than 2000 characters is refused with 400', async () => {
  const response = await write(ann, 'x'.repeat(2001));
  assert.equal(response.statusCode, 400);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
});

test('AC-NOTE-2-2: an unknown id is refused with 404', async () => {
  const response = await app.inject({
    method: 'GET',
    url: '/v1/notes/3f0c2a9e-9d7b-4b8e-8f3e-1c2d3e4f5a6b',
    headers: as(ann),
  });
  assert.equal(response.statusCode, 404);
});

test('AC-NOTE-2-3: another writer’s note is refused with 404, as if it did not exist', async () => {
  const note = (await write(ann, 'private')).json<{ id: string }>();
  const response = await app.inject({ method: 'GET', url: `/v1/notes/${note.id}`, headers: as(bob) });
  assert.equal(response.statusCode, 404);
});

test('without an access token: 401 with WWW-Authenticate', async () => {
  const response = await app.inject({ method: 'POST', url: '/v1/notes', payload: { text: 'anonymous' } });
  assert.equal(response.statusCode, 401);
  assert.match(String(response.headers['www-authenticate']), /^Bearer/);
});
