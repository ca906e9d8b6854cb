import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { loadContract, type Contract } from '../contract/index.ts';
import type { KeelApp } from '../runtime/index.ts';
import { lifecycles, runStateful } from './stateful.ts';
import { SuiteContext } from './suite-context.ts';

const contractPath = fileURLToPath(new URL('./fixtures/linked-notes.openapi.yaml', import.meta.url));

/** The notes service by hand: keys `k1`, `k2`…; with `keepsArchived`, an archived note stays readable. */
function notesServer(keepsArchived: boolean) {
  const notes = new Map<string, string>();
  const sent: string[] = [];
  const reply = (statusCode: number, body?: unknown) =>
    ({
      statusCode,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    }) as unknown as LightMyRequestResponse;
  const inject = (options: unknown): Promise<LightMyRequestResponse> => {
    const { method, url, payload } = options as { method: string; url: string; payload?: string };
    sent.push(`${method} ${url}`);
    if (method === 'POST' && url === '/notes') {
      const text = (JSON.parse(payload ?? '{}') as { text?: unknown }).text;
      if (typeof text !== 'string' || text.length === 0 || text.length > 20) return Promise.resolve(reply(400));
      const key = `k${notes.size + 1}`;
      notes.set(key, text);
      return Promise.resolve(reply(201, { key, text }));
    }
    const key = /^\/archive\/(k\d+)$/.exec(url)?.[1];
    const text = key === undefined ? undefined : notes.get(key);
    if (key === undefined || text === undefined) return Promise.resolve(reply(404));
    if (method === 'GET') return Promise.resolve(reply(200, { key, text }));
    if (method === 'DELETE') {
      if (!keepsArchived) notes.delete(key);
      return Promise.resolve(reply(204));
    }
    return Promise.resolve(reply(405));
  };
  return { inject, sent };
}

describe('the stateful suite follows OpenAPI links', () => {
  let contract: Contract;
  before(async () => {
    contract = await loadContract(contractPath);
  });
  const noPrincipals = { tenants: undefined, principals: [], unavailable: [] };

  test('the create’s links (by operationId and by a $ref’d operationRef) choose the read and the delete', () => {
    const [notes] = lifecycles(contract);
    assert.equal(notes?.read?.operationId, 'readNote');
    assert.equal(notes?.remove?.operationId, 'archiveNote');
    assert.deepEqual(Object.keys(notes?.links ?? {}).sort(), ['read', 'remove']);
  });

  test('the read and the delete get the key the link takes from the created body, and nothing fails', async () => {
    const server = notesServer(false);
    const context = new SuiteContext(server as unknown as KeelApp, undefined, noPrincipals, 1);
    await runStateful(context, contract);
    assert.deepEqual(context.failures, []);
    const created = server.sent.filter((request) => request.startsWith('POST')).length;
    assert.ok(server.sent.includes(`GET /archive/k${created}`), server.sent.join('\n'));
    assert.ok(server.sent.includes(`DELETE /archive/k${created}`), server.sent.join('\n'));
  });

  test('an archived note still readable at its linked path is caught as use after delete', async () => {
    const context = new SuiteContext(notesServer(true) as unknown as KeelApp, undefined, noPrincipals, 1);
    await runStateful(context, contract);
    assert.deepEqual(
      context.failures.map((failure) => [failure.rule, failure.operationId]),
      [['tests/use-after-delete', 'archiveNote']],
    );
  });
});
