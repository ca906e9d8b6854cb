import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToHtml } from './markdown-html.ts';

test('raw HTML, links and images in Markdown are shown as text, never as markup', () => {
  const out = markdownToHtml(
    [
      '# Title',
      '',
      '<script>alert(1)</script>',
      '',
      'A [link](javascript:alert(1)) and ![pic](http://example.com/x.png "t") and <b onclick="x">inline</b>.',
    ].join('\n'),
  ).value;
  assert.doesNotMatch(out, /<script|<img|<a |<b |href|src=/);
  assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(out, /A link and pic and <code>&lt;b onclick=&quot;x&quot;&gt;<\/code>inline/);
});

test('tables become HTML tables with cell tones and row anchors; headings shift and may be skipped', () => {
  const markdown = [
    '# Access matrix',
    '',
    '## Roles',
    '',
    '| operation | member | admin |',
    '| --- | --- | --- |',
    '| getBooking | allow | deny |',
    '| `x<y` | deny | allow where `a \\| b` |',
  ].join('\n');
  const out = markdownToHtml(markdown, {
    headingOffset: 2,
    skipTitle: true,
    cellTone: (text) => (text.startsWith('allow') ? 'good' : undefined),
    rowId: (cell) => `access-${cell.replace(/\W/g, '')}`,
  }).value;
  assert.doesNotMatch(out, /Access matrix/);
  assert.match(out, /<h4>Roles<\/h4>/);
  assert.match(out, /<th scope="col">operation<\/th>/);
  assert.match(
    out,
    /<tr id="access-getBooking"><td>getBooking<\/td><td class="tone-good">allow<\/td><td>deny<\/td><\/tr>/,
  );
  assert.match(out, /<tr id="access-xy"><td><code>x&lt;y<\/code><\/td>/);
  assert.match(out, /<td class="tone-good">allow where <code>a \| b<\/code><\/td>/);
});

test('code blocks keep their text, escaped', () => {
  const out = markdownToHtml('```sql\nselect 1 where a < b\n```').value;
  assert.equal(out, '<pre class="code" data-lang="sql"><code>select 1 where a &lt; b</code></pre>');
});
