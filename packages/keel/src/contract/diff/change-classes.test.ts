import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { changeClasses, operationClasses, schemaRules } from './change-classes.ts';

const docs = new URL('../../../../../docs/contract-diff.md', import.meta.url);

test('docs/contract-diff.md lists every change class with its level', async () => {
  // Prettier pads table cells: compare with runs of spaces collapsed.
  const text = (await readFile(docs, 'utf8')).replace(/ +/g, ' ');
  for (const entry of operationClasses) {
    assert.ok(
      text.includes(`| \`${entry.id}\` | ${entry.level} | ${entry.direction} |`),
      `${entry.id} is not documented`,
    );
  }
  for (const rule of schemaRules) {
    const marker = rule.scope === 'nested' ? ' ¹' : rule.scope === 'parameter' ? ' ²' : '';
    const row = `| \`${rule.suffix}\`${marker} | ${rule.request ?? '—'} | ${rule.response ?? '—'} |`;
    assert.ok(text.includes(row), `${rule.suffix} is not documented as ${row}`);
  }
});

test('class ids are unique, kebab-case and keep one level', () => {
  const ids = [...changeClasses.keys()];
  for (const id of ids) assert.match(id, /^[a-z]+(-[a-z]+)*$/);
  assert.equal(new Set(operationClasses.map((entry) => entry.id)).size, operationClasses.length);
  assert.equal(new Set(schemaRules.map((rule) => rule.suffix)).size, schemaRules.length);
  // A schema class never shadows an operation class with another level.
  for (const entry of operationClasses) assert.equal(changeClasses.get(entry.id)?.level, entry.level, entry.id);
});
