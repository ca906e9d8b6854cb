import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { loadProject } from '../project/index.ts';
import { contractStage } from './contract-stage.ts';
import { errorFormat } from './rules/error-format.ts';

const good = fileURLToPath(new URL('./fixtures/stage/good/', import.meta.url));
const errorsSchema = `
Errors:
  type: object
  required: [errors]
  properties:
    errors:
      type: object
      required: [body]
      properties:
        body: { type: array, maxItems: 50, items: { type: string, maxLength: 500 } }
`;

describe('contract/error-format under a project error format (keel.yaml runtime.errorFormat)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-error-format-'));
    await cp(good, dir, { recursive: true });
    await writeFile(join(dir, 'schemas.yaml'), (await readFile(join(good, 'schemas.yaml'), 'utf8')) + errorsSchema);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The rule's messages with this keel.yaml body template, on the good contract or one whose errors use the format. */
  const messages = async (body: string, contract: 'problem' | 'format'): Promise<string[]> => {
    await writeFile(
      join(dir, 'keel.yaml'),
      `runtime:\n  errorFormat:\n    mediaType: application/json\n    body: ${body}\n    statuses: { KEEL_VALIDATION_FAILED: 422 }\n`,
    );
    const original = await readFile(join(good, 'openapi.yaml'), 'utf8');
    await writeFile(
      join(dir, 'openapi.yaml'),
      contract === 'problem'
        ? original
        : original.replaceAll(
            "application/problem+json:\n          schema:\n            $ref: './schemas.yaml#/Problem'",
            "application/json:\n          schema:\n            $ref: './schemas.yaml#/Errors'",
          ),
    );
    const context = createCheckContext(await loadProject(dir));
    const { model } = await contractStage.load(context);
    assert.ok(model !== undefined);
    return (await errorFormat.run(model, context)).map((issue) => issue.message);
  };

  test('problem details responses are findings once the project declares its own format', async () => {
    const found = await messages('{ errors: { body: $messages } }', 'problem');
    assert.ok(found.length > 0);
    assert.ok(
      found.every((message) =>
        /is application\/problem\+json; every error response of the API is application\/json/.test(message),
      ),
    );
  });

  test('a contract whose error responses declare the format, with a schema its body meets, is quiet', async () => {
    assert.deepEqual(await messages('{ errors: { body: $messages } }', 'format'), []);
  });

  test('a template whose body the schema refuses, or with an unknown placeholder, is a finding', async () => {
    const refused = await messages('{ message: $detail }', 'format');
    assert.ok(refused.length > 0);
    assert.match(refused[0] ?? '', /does not match its schema: \(root\) must have required property 'errors'/);
    const unknown = await messages('{ errors: { body: $mesages } }', 'format');
    assert.ok(unknown.some((message) => /\$mesages, which is not a placeholder/.test(message)));
  });
});
