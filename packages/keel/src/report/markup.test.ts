import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorId, escapeHtml, markup, join, raw, reference, resolveReferences } from './markup.ts';

const hostile = `<script>alert("x")</script><img src=x onerror='y'>&amp;`;

test('markup escapes every interpolated text, in elements and in attributes', () => {
  const page = markup`<p title="${hostile}">${hostile}</p>`.value;
  assert.equal(
    page,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;amp;">' +
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;amp;</p>',
  );
  assert.doesNotMatch(page, /<script|<img/);
});

test('markup keeps Html as it is, joins arrays and drops nullish and false', () => {
  const items = ['a<', 'b'].map((item) => markup`<li>${item}</li>`);
  assert.equal(markup`<ul>${items}${null}${undefined}${false}${0}</ul>`.value, '<ul><li>a&lt;</li><li>b</li>0</ul>');
  assert.equal(markup`${raw('<b>kept</b>')}`.value, '<b>kept</b>');
  assert.equal(join(['<x>', markup`<br>`], ', ').value, '&lt;x&gt;, <br>');
});

test('control characters that HTML cannot carry are shown as U+FFFD', () => {
  assert.equal(escapeHtml('a\u0000b\u001bc\td\ne'), 'a\ufffdb\ufffdc\td\ne');
});

test('anchorId keeps a safe slug of any text', () => {
  assert.equal(anchorId('req', 'R-BOOK-1'), 'req-R-BOOK-1');
  assert.equal(anchorId('op', '"><script>'), 'op-script');
  assert.equal(anchorId('table', 'audit.events'), 'table-audit.events');
  assert.equal(anchorId('x', '<>'), 'x-x');
});

test('a reference to an anchor the page does not define becomes plain text', () => {
  const page = markup`<h2 id="here">Here</h2>${reference('here', 'to here')} ${reference('gone', markup`<code>gone</code>`)}`;
  assert.equal(
    resolveReferences(page.value),
    '<h2 id="here">Here</h2><a class="ref" href="#here">to here</a> <span class="ref"><code>gone</code></span>',
  );
});
