import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowchartSvg, wrap } from './flowchart-svg.ts';
import type { Flowchart } from './mermaid-flowchart.ts';

const chain = (count: number, label = ''): Flowchart => ({
  direction: 'LR',
  nodes: Array.from({ length: count }, (_, index) => ({
    id: `n${index}`,
    shape: index === 0 ? 'hexagon' : 'rect',
    title: `module ${index} <script>`,
    detail: 'A purpose long enough to wrap over a few lines of the box, with </text> in it.',
  })),
  edges: Array.from({ length: count - 1 }, (_, index) => ({
    from: `n${index}`,
    to: `n${index + 1}`,
    line: index % 2 === 0 ? 'solid' : 'dotted',
    arrow: true,
    label,
  })),
  skipped: [],
});

function viewBox(svg: string): [number, number] {
  const [, , width, height] = (/viewBox="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map(Number);
  return [width ?? 0, height ?? 0];
}

test('every node, edge and label is drawn, with its text escaped', () => {
  const svg = flowchartSvg(chain(3, 'data & "more"'), {
    idPrefix: 'modules',
    title: 'Modules',
    nodeAnchor: (node) => `module-${node.id}`,
  }).value;
  assert.doesNotMatch(svg, /<script|<\/text><\/text>/);
  assert.equal(svg.match(/<g class="node /g)?.length, 3);
  assert.equal(svg.match(/<g class="node external"/g)?.length, 1);
  assert.equal(svg.match(/<path class="edge /g)?.length, 2);
  assert.equal(svg.match(/class="edge dotted"/g)?.length, 1);
  assert.equal(svg.match(/<g class="edge-label">/g)?.length, 2);
  assert.match(svg, /<text class="title" [^>]*>module 0 &lt;script&gt;<\/text>/);
  assert.match(svg, /&lt;\/text&gt;/);
  assert.match(svg, /<title>data &amp; &quot;more&quot;<\/title>/);
  assert.match(svg, /id="module-n2"/);
  assert.match(svg, /marker-end="url\(#modules-arrow\)"/);
});

test('a left-to-right chain wider than allowed is laid out top to bottom instead', () => {
  const wide = flowchartSvg(chain(8), { idPrefix: 'a', title: 'wide' }).value;
  const turned = flowchartSvg(chain(8), { idPrefix: 'b', title: 'turned', maxWidth: 1000 }).value;
  const [wideWidth, wideHeight] = viewBox(wide);
  const [turnedWidth, turnedHeight] = viewBox(turned);
  assert.ok(wideWidth > 1000 && wideWidth > wideHeight, `${wideWidth}x${wideHeight}`);
  assert.ok(turnedWidth < 1000 && turnedHeight > turnedWidth, `${turnedWidth}x${turnedHeight}`);
});

test('wrap breaks at words, gives a long word its own line and marks what it cuts', () => {
  assert.deepEqual(wrap('one two three four', 9, 5), ['one two', 'three', 'four']);
  assert.deepEqual(wrap('a verylongwordindeed b', 5, 5), ['a', 'verylongwordindeed', 'b']);
  assert.deepEqual(wrap('one two three four', 3, 2), ['one', 'two…']);
  assert.deepEqual(wrap('first\nsecond', 40, 5), ['first', 'second']);
  assert.deepEqual(wrap('', 10, 2), []);
});
