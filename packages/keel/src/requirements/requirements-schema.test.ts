import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { requirementsSchema } from './requirements-schema.ts';

test('the published schema is current (npm run schemas:write)', async () => {
  const published: unknown = JSON.parse(
    await readFile(new URL('../../schemas/requirements.schema.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(published, requirementsSchema);
});

test('the schema is valid draft 2020-12 and describes every property, for editor completion', () => {
  const ajv = new Ajv2020({ strict: false });
  assert.equal(ajv.validateSchema(requirementsSchema), true, JSON.stringify(ajv.errors));
  const undescribed: string[] = [];
  const visit = (schema: unknown, path: string): void => {
    if (typeof schema !== 'object' || schema === null) return;
    const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
    for (const [name, property] of Object.entries(properties)) {
      if (typeof (property as { description?: unknown }).description !== 'string') undescribed.push(`${path}/${name}`);
      visit(property, `${path}/${name}`);
    }
    visit((schema as { items?: unknown }).items, `${path}/items`);
    for (const [name, definition] of Object.entries((schema as { $defs?: Record<string, unknown> }).$defs ?? {})) {
      visit(definition, `${path}/$defs/${name}`);
    }
  };
  visit(requirementsSchema, '');
  assert.deepEqual(undescribed, []);
});
