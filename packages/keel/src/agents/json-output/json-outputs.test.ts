import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createProgram } from '../../cli/program.ts';
import { runKeel } from '../../cli/run-keel.ts';
import { commandsWithJson } from './json-output-help.ts';
import { errorOutput, jsonOutputs, schemaVersion } from './json-outputs.ts';

// The schemas as published. Each command's real output is checked against its schema in json-outputs.slow.test.ts.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const everyOutput = [...jsonOutputs, errorOutput];

test('every command with --json has a published schema whose $id carries its version', async () => {
  const commands = [...commandsWithJson(createProgram()).keys()].sort();
  assert.deepEqual(commands, jsonOutputs.map((output) => output.command).sort());
  const docs = await readFile(source('../../../../../docs/json-output.md'), 'utf8');
  for (const output of everyOutput) {
    assert.match(output.schema.$id, /^https:\/\/keel\.dev\/schemas\/[a-z-]+\.v\d+\.schema\.json$/);
    assert.equal(schemaVersion(output.schema), 1);
    const published = JSON.parse(await readFile(source(`../../../schemas/${output.file}`), 'utf8')) as unknown;
    assert.deepEqual(published, output.schema, `schemas/${output.file} is current (npm run schemas:write)`);
    assert.ok(docs.includes(`schemas/${output.file}`), `docs/json-output.md documents ${output.file}`);
    if (output.command !== '*')
      assert.ok(docs.includes(`\`keel ${output.command}`), `docs name keel ${output.command}`);
  }
  const help = await runKeel(['db', 'status', '--help']);
  assert.match(help.stdout, /schemas\/db-status\.schema\.json of the keel package \(version 1:/);
});
