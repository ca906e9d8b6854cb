import assert from 'node:assert/strict';
import { test } from 'node:test';
import { architectureDiagram } from '../architecture/architecture-diagram.ts';
import type { Architecture } from '../architecture/architecture-model.ts';
import { decodeLabel, parseFlowchart } from './mermaid-flowchart.ts';

const at = { file: 'architecture.yaml', line: 1 };
const located = (value: string) => ({ value, at });

/** An architecture whose words are everything Mermaid and HTML would read as markup. */
const architecture: Architecture = {
  file: 'architecture.yaml',
  modulesAt: at,
  modules: [
    {
      name: 'bookings',
      purpose: 'Bookings "never" overlap: <b>#1</b> & `ranges` --> half-open',
      owns: [],
      dependsOn: [located('shared')],
      paths: [],
      pathsDeclared: false,
      operations: [],
      tables: [],
      at,
    },
    {
      name: 'shared',
      purpose: '',
      owns: [],
      dependsOn: [],
      paths: [],
      pathsDeclared: false,
      operations: [],
      tables: [],
      at,
    },
  ],
  externalSystems: [{ name: 'postgresql', purpose: 'Stores </text><script>x</script>', at }],
  flows: [{ from: located('bookings'), to: located('postgresql'), data: 'rows | "quoted" <b>', at }],
  decisionsDir: 'decisions',
  decisions: [],
};

test('the flowchart Keel writes for an architecture reads back with every word as it was written', () => {
  const chart = parseFlowchart(architectureDiagram(architecture));
  assert.ok(chart);
  assert.equal(chart.direction, 'LR');
  assert.deepEqual(chart.skipped, []);
  assert.deepEqual(
    chart.nodes.map((node) => [node.id, node.shape, node.title, node.detail]),
    [
      ['m0', 'rect', 'bookings', 'Bookings "never" overlap: <b>#1</b> & `ranges` --> half-open'],
      ['m1', 'rect', 'shared', ''],
      ['x0', 'hexagon', 'postgresql', 'Stores </text><script>x</script>'],
    ],
  );
  assert.deepEqual(chart.edges, [
    { from: 'm0', to: 'm1', line: 'dotted', arrow: true, label: '' },
    { from: 'm0', to: 'x0', line: 'solid', arrow: true, label: 'rows | "quoted" <b>' },
  ]);
});

test('shapes, inline declarations, open links and thick arrows; other statements are kept as skipped', () => {
  const chart = parseFlowchart(
    [
      'graph TD',
      '  %% a comment',
      '  a(["stadium"]) ==> b[("db")]',
      '  b --- c',
      '  c -.-|"maybe"| d{"choice"}',
      '  style a fill:#f9f',
      '  click a "https://example.com"',
      '  subgraph one',
      '  end',
    ].join('\n'),
  );
  assert.ok(chart);
  assert.equal(chart.direction, 'TB');
  assert.deepEqual(
    chart.nodes.map((node) => `${node.id}:${node.shape}:${node.title}`),
    ['a:stadium:stadium', 'b:cylinder:db', 'c:rect:c', 'd:diamond:choice'],
  );
  assert.deepEqual(
    chart.edges.map(
      (edge) =>
        `${edge.from}${edge.line === 'thick' ? '==' : edge.line === 'dotted' ? '..' : '--'}${edge.arrow ? '>' : ''}${edge.to}:${edge.label}`,
    ),
    ['a==>b:', 'b--c:', 'c..d:maybe'],
  );
  assert.equal(chart.skipped.length, 4);
});

test('a document that is not a flowchart is not read as one', () => {
  assert.equal(parseFlowchart('sequenceDiagram\n  a->>b: hi'), undefined);
  assert.equal(parseFlowchart(''), undefined);
});

test('labels decode Mermaid entity codes, line breaks and the bold title; unknown codes stay as written', () => {
  assert.deepEqual(decodeLabel('<b>api #amp; co</b><br/>line one<br>two #35;1 #9999999; #nope;'), {
    title: 'api & co',
    detail: 'line one\ntwo #1 #9999999; #nope;',
    text: 'api & co\nline one\ntwo #1 #9999999; #nope;',
  });
});
