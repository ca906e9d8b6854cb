import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { stages } from './registry.ts';
import { renderRuleDocs } from './rule-docs.ts';
import { stageRules } from './run-gate.ts';

const docsPath = new URL('../../../../docs/rules.md', import.meta.url);

test('docs/rules.md is generated from the stages and current (npm run docs:rules)', async () => {
  assert.equal(await readFile(docsPath, 'utf8'), renderRuleDocs(stages));
});

test('every rule of every stage is documented once, with its severity, summary and fix', () => {
  const docs = renderRuleDocs(stages);
  const seen = new Set<string>();
  for (const stage of stages) {
    for (const rule of stageRules(stage)) {
      assert.ok(!seen.has(rule.id), `${rule.id} is declared once`);
      seen.add(rule.id);
      assert.match(rule.id, new RegExp(`^${stage.id}/[a-z0-9-]+$`), `${rule.id} is named after its stage`);
      assert.ok(docs.includes(`### ${rule.id}\n\n**${rule.severity}**: `), `${rule.id} is documented`);
      assert.ok(rule.summary.length > 0 && rule.fix.length > 0, `${rule.id} has a summary and a fix`);
    }
  }
});
