import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import { accessStage } from './access-stage.ts';

const good = fileURLToPath(new URL('./fixtures/good/', import.meta.url));

async function loadWithLifetime(lifetime: string) {
  const dir = await mkdtemp(join(tmpdir(), 'keel-token-lifetime-'));
  try {
    await cp(good, dir, { recursive: true });
    const access = await readFile(join(dir, 'access.yaml'), 'utf8');
    await writeFile(
      join(dir, 'access.yaml'),
      access.replace('keys: managed', `keys: managed\n    accessTokenLifetime: ${lifetime}`),
    );
    return await accessStage.load(createCheckContext(await loadProject(dir)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('accessTokenLifetime gives a managed scheme its access tokens’ life in seconds', async () => {
  for (const [lifetime, seconds] of [
    ['8h', 28_800],
    ['90min', 5400],
    ['45s', 45],
  ] as const) {
    const { model, issues } = await loadWithLifetime(lifetime);
    assert.deepEqual(issues, []);
    const bearer = model?.authentication.find((scheme) => scheme.type === 'jwt');
    assert.equal(bearer?.type === 'jwt' ? bearer.accessTokenSeconds : undefined, seconds, lifetime);
  }
});

test('a lifetime without a unit Keel knows is a schema finding at its line', async () => {
  const { issues } = await loadWithLifetime('8 hours');
  assert.equal(issues.length, 1);
  assert.match(issues[0]?.message ?? '', /accessTokenLifetime/);
});
