import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { packedManifest } from './packed-manifest.ts';

test('the packed manifest points bin and every export at dist/, with declarations, and drops the scripts', async () => {
  const workspace = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  const packed = packedManifest(workspace);
  assert.deepEqual(packed['bin'], { keel: './dist/cli/bin.js' });
  assert.deepEqual((packed['exports'] as Record<string, unknown>)['.'], {
    types: './dist/index.d.ts',
    default: './dist/index.js',
  });
  assert.deepEqual(Object.keys(packed['exports'] as object), Object.keys(workspace['exports'] as object));
  assert.deepEqual(packed['files'], ['dist', 'schemas', 'templates']);
  assert.equal(packed['scripts'], undefined);
  assert.deepEqual(packed['dependencies'], workspace['dependencies']);
});

test('a manifest entry that is not a TypeScript source under ./src is refused, not packed pointing nowhere', () => {
  assert.throws(() => packedManifest({ bin: { keel: './bin/keel.js' }, exports: {} }), /not a TypeScript source/);
  assert.throws(() => packedManifest({ bin: {}, exports: { '.': { import: './src/index.ts' } } }), /one source path/);
});
