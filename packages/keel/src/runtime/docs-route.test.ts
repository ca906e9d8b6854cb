import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadContract, type Contract } from '../contract/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { redocAssetPath } from './docs-route.ts';
import { createApp, type Handlers, type KeelApp } from './index.ts';
import { singleDocument } from './openapi-document.ts';

const flagshipContract = fileURLToPath(new URL('../../../../examples/bookings/openapi.yaml', import.meta.url));
const chromiumPath = '/usr/bin/chromium';
const browserSkip =
  !existsSync(chromiumPath) && process.env['CI'] === undefined
    ? `${chromiumPath} is not installed (CI installs it; locally: apt-get install chromium)`
    : false;

type Document = { paths: Record<string, Record<string, { operationId?: string; summary?: string }>> };

const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function operationsOf(document: Document): { operationId?: string; summary?: string }[] {
  return Object.values(document.paths).flatMap((item) =>
    Object.entries(item).flatMap(([key, operation]) => (methods.has(key) ? [operation] : [])),
  );
}

/** Every `$ref` in a value, to prove the served document needs no other file. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

describe('/openapi.json and /docs', () => {
  let testDatabase: TestDatabase;
  let contract: Contract;
  let app: KeelApp;
  let base: string;

  before(async () => {
    testDatabase = await createTestDatabase('pglite');
    contract = await loadContract(flagshipContract);
    const handlers: Handlers = Object.fromEntries(
      contract.operations.map((operation) => [operation.operationId, () => Promise.resolve({ status: 500 })]),
    );
    app = await createApp({ contract, handlers, database: testDatabase.database, migrations: [], mode: 'test' });
    base = await app.listen({ port: 0 });
  });
  after(async () => {
    await app.close();
    await testDatabase.dispose();
  });

  test('/openapi.json is the whole contract in one document: every operation, no reference to another file', async () => {
    const response = await fetch(`${base}/openapi.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const document = (await response.json()) as Document;
    const served = operationsOf(document).map((operation) => operation.operationId);
    assert.deepEqual(served.sort(), contract.operations.map((operation) => operation.operationId).sort());
    const refs = refsIn(document);
    assert.ok(refs.length > 0);
    assert.deepEqual(
      refs.filter((ref) => !ref.startsWith('#/')),
      [],
    );
    const problem = (document.paths['/v1/orgs'] as Record<string, unknown>)['post'] as {
      responses: Record<string, { $ref?: string }>;
    };
    assert.equal(problem.responses['400']?.$ref, '#/components/responses/BadRequest');
  });

  test('/docs and its script carry a content security policy that allows only this origin', async () => {
    for (const path of ['/docs', redocAssetPath]) {
      const response = await fetch(base + path);
      assert.equal(response.status, 200, path);
      const policy = response.headers.get('content-security-policy') ?? '';
      assert.match(policy, /default-src 'self'/);
      assert.match(policy, /script-src 'self'(;|$)/);
      assert.doesNotMatch(policy, /https?:|\*/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    const page = await (await fetch(`${base}/docs`)).text();
    assert.doesNotMatch(page, /https?:\/\//, 'the page loads nothing from another host');
    assert.match(page, /<script src="\/docs\/assets\/redoc\.standalone\.js">/);
  });

  test(
    '/docs renders every operation in Chromium, offline, without console errors',
    { skip: browserSkip },
    async () => {
      const document = (await (await fetch(`${base}/openapi.json`)).json()) as Document;
      const summaries = operationsOf(document).map((operation) => operation.summary ?? operation.operationId ?? '');
      assert.equal(summaries.length, contract.operations.length);
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const context = await browser.newContext();
        const local: string[] = [];
        const foreign: string[] = [];
        await context.route('**/*', async (route) => {
          const url = new URL(route.request().url());
          if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
            local.push(url.pathname);
            await route.continue();
          } else {
            foreign.push(url.href);
            await route.abort();
          }
        });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        const response = await page.goto(`${base}/docs`, { waitUntil: 'load' });
        assert.equal(response?.status(), 200);
        await page
          .locator('h2', { hasText: summaries[0] as string })
          .first()
          .waitFor({ timeout: 60_000 });
        const headings = await page.locator('h2').allInnerTexts();
        for (const summary of summaries) {
          assert.ok(
            headings.some((heading) => heading.includes(summary)),
            `"${summary}" is not rendered`,
          );
        }
        await page.waitForLoadState('networkidle');
        assert.deepEqual(foreign, [], 'requests to other hosts');
        assert.ok(
          local.includes(redocAssetPath) && local.includes('/openapi.json'),
          `local requests: ${local.join(', ')}`,
        );
        assert.deepEqual(errors, [], 'console errors');
      } finally {
        await browser.close();
      }
    },
  );
});

test('a schema that refers to itself through another file is moved into components once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keel-openapi-document-'));
  try {
    await writeFile(
      join(dir, 'tree.yaml'),
      'Node:\n  type: object\n  properties:\n    children:\n      type: array\n      items:\n        $ref: "#/Node"\n',
    );
    await writeFile(
      join(dir, 'openapi.yaml'),
      [
        'openapi: 3.1.0',
        'info: { title: Trees, version: 1.0.0 }',
        'paths:',
        '  /tree:',
        '    get:',
        '      operationId: getTree',
        '      responses:',
        "        '200':",
        '          description: The tree.',
        '          content:',
        '            application/json:',
        '              schema: { $ref: "./tree.yaml#/Node" }',
      ].join('\n'),
    );
    const document = singleDocument(await loadContract(join(dir, 'openapi.yaml')));
    const media = (document['paths'] as Document['paths'])['/tree']?.['get'] as unknown as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    const content = media.responses['200']?.content['application/json'];
    assert.deepEqual(content?.schema, { $ref: '#/components/schemas/Node' });
    assert.deepEqual((document['components'] as { schemas: unknown }).schemas, {
      Node: {
        type: 'object',
        properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
