import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importPositions } from './import-positions.ts';

test('every form of import of a specifier is found at its line and column', async () => {
  const text = [
    "import { a } from './a.ts';",
    "import type { B } from './a.ts';",
    "export { c } from './a.ts';",
    'export async function load() {',
    "  return import('./a.ts');",
    '}',
    "type T = import('./a.ts').T;",
    "import { other } from './b.ts';",
  ].join('\n');
  assert.deepEqual(await importPositions(text, 'src/x.ts', './a.ts'), [
    { line: 1, column: 1 },
    { line: 2, column: 1 },
    { line: 3, column: 1 },
    { line: 5, column: 10 },
    { line: 7, column: 10 },
  ]);
  assert.deepEqual(await importPositions("const b = require('./b.js');", 'src/x.cjs', './b.js'), [
    { line: 1, column: 11 },
  ]);
});
