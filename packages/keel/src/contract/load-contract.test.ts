import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { KeelError } from '../errors/index.ts';
import { loadContract } from './index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function rejectsWith(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof KeelError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('loadContract', () => {
  test('follows $refs across files: path items, parameters and recursive schemas', async () => {
    const contract = await loadContract(fixture('split/openapi.yaml'));
    const operation = contract.operations[0];
    assert.equal(operation?.operationId, 'getTree');
    assert.equal(operation.path, '/trees/{treeId}');
    assert.deepEqual(
      operation.parameters.map((p) => `${p.in}:${p.name}:${String(p.required)}`),
      ['path:treeId:true', 'query:depth:false'],
    );
    const schema = operation.responses['200']?.content['application/json'];
    assert.ok(typeof schema === 'object');
    // The bundled schema stands alone: Ajv compiles it without any other schema.
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const id = '5d0c0b7e-8a0a-4c83-9a4e-0d3f5f1f6c11';
    assert.equal(validate({ id, children: [{ id, children: [] }] }), true);
    assert.equal(validate({ id, children: [{ children: [] }] }), false, 'recursion is kept as a $ref');
  });

  test('records where each operation is declared', async () => {
    const contract = await loadContract(fixture('split/openapi.yaml'));
    assert.match(contract.operations[0]?.location.file ?? '', /tree\.yaml$/);
    assert.equal(contract.operations[0]?.location.line, 3);
  });

  test('every problem that prevents serving is reported at once, with file:line:column', async () => {
    await assert.rejects(loadContract(fixture('missing-operation-id.openapi.yaml')), (error: unknown) => {
      assert.ok(error instanceof KeelError);
      assert.equal(error.code, 'KEEL_CONTRACT_INVALID');
      const file = 'missing-operation-id.openapi.yaml';
      assert.ok(error.message.includes(`${file}:7:5: GET /a/{id} has no operationId`), error.message);
      assert.ok(error.message.includes(`${file}:11:5: path parameter {id} of /a/{id} is not declared`));
      assert.ok(error.message.includes(`${file}:17:5: operationId "createA" is also used by POST /a/{id}`));
      return true;
    });
  });

  test('a $ref to nothing names the file and the reference', async () => {
    await assert.rejects(
      loadContract(fixture('unresolved-ref.openapi.yaml')),
      rejectsWith('KEEL_REF_UNRESOLVED', /unresolved-ref\.openapi\.yaml.*#\/components\/schemas\/Nowhere/),
    );
  });

  test('OpenAPI 3.0 is refused: the runtime serves 3.1', async () => {
    await assert.rejects(
      loadContract(fixture('openapi-3-0.openapi.yaml')),
      rejectsWith('KEEL_CONTRACT_INVALID', /3\.1\.x/),
    );
  });

  test('malformed YAML is a syntax error with line and column', async () => {
    await assert.rejects(loadContract(fixture('malformed.openapi.yaml')), (error: unknown) => {
      assert.ok(error instanceof KeelError);
      assert.equal(error.code, 'KEEL_SYNTAX_ERROR');
      assert.equal(error.location?.line, 8);
      return true;
    });
  });

  test('a missing file is KEEL_FILE_NOT_FOUND', async () => {
    await assert.rejects(loadContract(fixture('nowhere.yaml')), rejectsWith('KEEL_FILE_NOT_FOUND', /nowhere\.yaml/));
  });
});
