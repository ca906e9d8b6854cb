import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../project/index.ts';

// keel test --mutation itself (StrykerJS on fixtures) is tested in mutation.slow.test.ts.
test('keel.yaml’s tests.mutation is validated like the other settings', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'keel-mutation-settings-'));
  await writeFile(join(folder, 'keel.yaml'), 'tests:\n  mutation:\n    threshold: 120\n');
  await assert.rejects(loadProject(folder), /keel\.yaml:3:5: tests\.mutation\.threshold must be <= 100/);
  await writeFile(join(folder, 'keel.yaml'), 'tests:\n  mutation:\n    mutate: [src/rules.ts]\n');
  const project = await loadProject(folder);
  assert.deepEqual(project.config.tests.mutation, { threshold: undefined, mutate: ['src/rules.ts'] });
  await rm(folder, { recursive: true, force: true });
});
