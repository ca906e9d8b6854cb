import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { JsonSchema } from '../contract/index.ts';
import type { KeelApp } from '../runtime/index.ts';
import { brokenProperties, shrinkFailure } from './shrink-failure.ts';
import { SuiteContext, type PlannedRequest } from './suite-context.ts';

const schema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 100 }, note: { type: 'string', maxLength: 100 } },
};

/** A server answering every body with the status `answer` picks, counting the requests it gets. */
function serverAnswering(answer: (body: { name?: string; note?: string }) => number) {
  const server = {
    requests: 0,
    inject(options: unknown): Promise<LightMyRequestResponse> {
      server.requests += 1;
      const { payload } = options as { payload?: string };
      const statusCode = answer(JSON.parse(payload ?? '{}') as { name?: string; note?: string });
      return Promise.resolve({ statusCode, headers: {}, body: '' } as unknown as LightMyRequestResponse);
    },
  };
  return server;
}

const contextOf = (server: ReturnType<typeof serverAnswering>) =>
  new SuiteContext(server as unknown as KeelApp, undefined, { tenants: undefined, principals: [], unavailable: [] }, 1);
const requestWith = (body: unknown): PlannedRequest => ({
  method: 'POST',
  url: '/items',
  headers: {},
  body,
  principal: undefined,
});

test('an answer off the contract is shrunk like a 5xx: optional properties dropped, strings cut to where it starts', async () => {
  // The planted bug: names of 10 characters or more get an undeclared 202.
  const server = serverAnswering((body) => ((body.name?.length ?? 0) >= 10 ? 202 : 201));
  const context = contextOf(server);
  const request = requestWith({ name: 'k'.repeat(40), note: 'a note' });
  const { request: shrunk, response } = await shrinkFailure(context, request, await context.send(request), {
    schema,
    stillFails: (answer) => answer.statusCode === 202,
  });
  assert.deepEqual(shrunk.body, { name: 'k'.repeat(10) });
  assert.equal(response.statusCode, 202);
  assert.ok(server.requests <= 41, `${server.requests} requests`);
});

test('an accepted invalid input is shrunk around its broken property, which stays broken', async () => {
  // The planted bug: the server accepts anything.
  const server = serverAnswering(() => 201);
  const context = contextOf(server);
  const valid = { name: 'projector', note: 'a note' };
  const invalid = { name: 'x'.repeat(101), note: 'a note' };
  const request = requestWith(invalid);
  const { request: shrunk } = await shrinkFailure(context, request, await context.send(request), {
    schema,
    invalid: true,
    keep: brokenProperties(valid, invalid),
    stillFails: (answer) => answer.statusCode !== 400,
  });
  assert.deepEqual(shrunk.body, { name: 'x'.repeat(101) });
});

test('a body that stops failing when cut is left as it is', async () => {
  const server = serverAnswering((body) => (body.note === 'a note' && body.name === 'projector' ? 500 : 201));
  const context = contextOf(server);
  const request = requestWith({ name: 'projector', note: 'a note' });
  const { request: shrunk } = await shrinkFailure(context, request, await context.send(request), {
    schema,
    stillFails: (answer) => answer.statusCode >= 500,
  });
  assert.deepEqual(shrunk.body, { name: 'projector', note: 'a note' });
});

test('the broken properties of an invalid variant: changed, added and removed ones', () => {
  assert.deepEqual(brokenProperties({ a: 1, b: 'x', c: true }, { a: 2, b: 'x', d: 0 }), ['a', 'c', 'd']);
});
