import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KeelError } from '../errors/index.ts';
import { loadProject } from '../project/index.ts';
import { createApp, startDemo } from './index.ts';

const tenants = fileURLToPath(new URL('./fixtures/tenants', import.meta.url));
const widgets = fileURLToPath(new URL('./fixtures/widgets', import.meta.url));
const acme = '0a000000-0000-4000-8000-00000000000a';

test('the demo loads the seeds and hands each demo principal a token that reads the seeded rows', async () => {
  const app = await createApp({ dir: tenants, inMemory: true, mode: 'test' });
  try {
    const demo = await startDemo(app, await loadProject(tenants));
    assert.deepEqual(demo.seeded, ['demo.sql']);
    assert.deepEqual(
      demo.credentials.map((credential) => credential.label),
      ['Alice, admin of Acme'],
    );
    const [alice] = demo.credentials;
    assert.ok(alice !== undefined && alice.expiresIn > 0);
    const response = await app.inject({
      method: 'GET',
      url: `/orgs/${acme}/items`,
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    const names = response.json<{ items: { name: string }[] }>().items.map((item) => item.name);
    assert.deepEqual(names.sort(), ['projector', 'whiteboard']);
  } finally {
    await app.close();
  }
});

test('demo principals without Keel-managed keys: KEEL_DEMO_WITHOUT_IDENTITY', async () => {
  const app = await createApp({ dir: widgets, inMemory: true, mode: 'test' });
  try {
    const project = await loadProject(widgets);
    const withPrincipals = {
      ...project,
      config: { ...project.config, demo: { principals: [{ label: 'Nobody', subject: 'nobody' }] } },
    };
    await assert.rejects(
      startDemo(app, withPrincipals),
      (error: unknown) => error instanceof KeelError && error.code === 'KEEL_DEMO_WITHOUT_IDENTITY',
    );
  } finally {
    await app.close();
  }
});
