import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { errorCodes } from './codes.ts';
import { renderErrorDocs } from './error-docs.ts';

const docsPath = new URL('../../../../docs/errors.md', import.meta.url);

test('docs/errors.md is generated from the registry and current (npm run docs:errors)', async () => {
  assert.equal(await readFile(docsPath, 'utf8'), renderErrorDocs());
});

test('every code is documented with a title and a fix, and named KEEL_*', () => {
  const docs = renderErrorDocs();
  for (const [code, definition] of Object.entries(errorCodes)) {
    assert.match(code, /^KEEL_[A-Z_]+$/);
    assert.ok(docs.includes(`### ${code}\n`), `${code} is documented`);
    assert.ok(definition.title.length > 0 && definition.fix.length > 0, `${code} has a title and a fix`);
  }
});

test('HTTP codes carry an error status', () => {
  for (const [code, definition] of Object.entries(errorCodes)) {
    assert.ok(definition.status === 0 || (definition.status >= 400 && definition.status <= 599), code);
  }
});
