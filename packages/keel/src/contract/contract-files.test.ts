import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatLocation } from '../journey/finding.ts';
import { readContractFiles } from './contract-files.ts';

const root = fileURLToPath(new URL('./fixtures/files/', import.meta.url));

test('reads every referenced file and reports each broken $ref where it is written', () => {
  const { files, complete, problems } = readContractFiles(`${root}openapi.yaml`, root);
  assert.deepEqual(
    [...files.values()].map((file) => file.displayPath),
    ['openapi.yaml', 'things.yaml'],
  );
  assert.equal(complete, false);
  assert.deepEqual(
    problems.map((problem) => `${problem.kind} ${formatLocation(problem.at)} ${problem.message}`),
    [
      'structure broken.yaml:2:1 broken.yaml:2:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'unresolved-ref openapi.yaml:16:11 $ref "./missing.yaml#/NotFound" points at missing.yaml, which does not exist',
      'unresolved-ref openapi.yaml:18:11 $ref "https://example.org/problem.yaml" points outside the project: remote references are not followed',
      'unresolved-ref things.yaml:7:7 $ref "#/Nothing" points at nothing: things.yaml has no /Nothing',
    ],
  );
});
