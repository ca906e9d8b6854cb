import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { architectureSchema } from './architecture-schema.ts';

test('the published schema is the one the gate validates with (`npm run schemas:write` regenerates it)', async () => {
  const published: unknown = JSON.parse(
    await readFile(new URL('../../schemas/architecture.schema.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(published, JSON.parse(JSON.stringify(architectureSchema)));
});
