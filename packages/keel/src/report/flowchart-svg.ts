import { createLayoutGraph, layoutGraph, type LayoutGraph, type Point } from './dagre-layout.ts';
import { escapeHtml, raw, type Html } from './markup.ts';
import type { FlowEdge, FlowNode, Flowchart } from './mermaid-flowchart.ts';

export interface FlowchartSvgOptions {
  /** Prefixes every id in the SVG (markers, nodes), so that two diagrams on one page do not clash. */
  readonly idPrefix: string;
  /** An anchor id for a node, from its title: a link target for the rest of the report. */
  nodeAnchor?(node: FlowNode): string | undefined;
  readonly title: string;
  /** Past this width, the other direction (top to bottom for left to right) is tried, and kept if narrower. */
  readonly maxWidth?: number;
}

// Text is measured by character count: the report has no font engine, and the page's system font stack varies, so
// the estimates are generous (an average glyph of 0.6 em) and boxes keep some padding.
const titleSize = 13;
const detailSize = 11.5;
const labelSize = 11;
const lineHeight = 1.3;
const glyph = 0.6;
const padding = 10;
const titleGap = 4;
const detailWrap = 34;
const detailLines = 6;
const labelWrap = 26;

/**
 * Lays a flowchart out (dagre's layered layout, the one Mermaid uses) and draws it as SVG with its text escaped. The
 * result needs no script and no font download: the report stays a static page that works offline.
 *
 * @example
 * flowchartSvg(parseFlowchart(evidence.outputs['architecture.mmd'])!, { idPrefix: 'modules', title: 'Modules' });
 */
export function flowchartSvg(chart: Flowchart, options: FlowchartSvgOptions): Html {
  let graph = laidOut(chart, chart.direction);
  const across = turned[chart.direction];
  if (options.maxWidth !== undefined && (graph.graph().width ?? 0) > options.maxWidth) {
    // A long chain of modules laid left to right is wider than a page: top to bottom reads better there.
    const turnedGraph = laidOut(chart, across);
    if ((turnedGraph.graph().width ?? 0) < (graph.graph().width ?? 0)) graph = turnedGraph;
  }
  return draw(chart, graph, options);
}

const turned: Record<Flowchart['direction'], Flowchart['direction']> = { LR: 'TB', RL: 'BT', TB: 'LR', BT: 'RL' };

type LaidOut = LayoutGraph;

function laidOut(chart: Flowchart, direction: Flowchart['direction']): LaidOut {
  const graph = createLayoutGraph();
  graph.setGraph({ rankdir: direction, nodesep: 28, ranksep: 70, edgesep: 14, marginx: 12, marginy: 12 });
  const boxes = new Map(chart.nodes.map((node) => [node.id, nodeBox(node)]));
  for (const node of chart.nodes) {
    const box = boxes.get(node.id);
    if (box !== undefined) graph.setNode(node.id, { width: box.width, height: box.height });
  }
  chart.edges.forEach((edge, index) => {
    const lines = wrap(edge.label, labelWrap, 3);
    const width = edge.label === '' ? 0 : Math.max(...lines.map((line) => line.length)) * labelSize * glyph + 8;
    const height = edge.label === '' ? 0 : lines.length * labelSize * lineHeight + 4;
    graph.setEdge(
      edge.from,
      edge.to,
      { width: Math.max(width, height), height, labelpos: 'c', minlen: 1 },
      `e${index}`,
    );
  });
  layoutGraph(graph);
  return graph;
}

function draw(chart: Flowchart, graph: LaidOut, options: FlowchartSvgOptions): Html {
  const boxes = new Map(chart.nodes.map((node) => [node.id, nodeBox(node)]));
  const { width = 0, height = 0 } = graph.graph();
  const prefix = escapeHtml(options.idPrefix);
  const edges: string[] = [];
  const labels: string[] = [];
  chart.edges.forEach((edge, index) => {
    const laid = graph.edge({ v: edge.from, w: edge.to, name: `e${index}` });
    if (laid?.points === undefined) return;
    edges.push(
      `<path class="edge ${edge.line}" d="${curve(laid.points)}"${edge.arrow ? ` marker-end="url(#${prefix}-arrow)"` : ''}/>`,
    );
    if (edge.label !== '' && laid.x !== undefined && laid.y !== undefined) {
      labels.push(edgeLabel(edge, laid.x, laid.y, laid.width ?? 0, laid.height ?? 0));
    }
  });
  const nodes = chart.nodes.map((node) => {
    const laid = graph.node(node.id);
    const box = boxes.get(node.id);
    if (laid?.x === undefined || laid.y === undefined || box === undefined) return '';
    return drawNode(node, box, laid.x, laid.y, options.nodeAnchor?.(node));
  });
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return raw(
    [
      `<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(options.title)}">`,
      `<defs><marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>`,
      `<g class="edges">${edges.join('')}</g>`,
      `<g class="nodes">${nodes.join('')}</g>`,
      `<g class="edge-labels">${labels.join('')}</g>`,
      '</svg>',
    ].join(''),
  );
}

interface NodeBox {
  readonly width: number;
  readonly height: number;
  readonly title: readonly string[];
  readonly detail: readonly string[];
}

function nodeBox(node: FlowNode): NodeBox {
  const title = wrap(node.title, 28, 2);
  const detail = wrap(node.detail, detailWrap, detailLines);
  const widest = Math.max(
    ...title.map((line) => line.length * titleSize * (glyph + 0.04)),
    ...detail.map((line) => line.length * detailSize * glyph),
  );
  const extra = node.shape === 'hexagon' ? 28 : 0;
  return {
    width: Math.ceil(widest + 2 * padding + extra),
    height: Math.ceil(
      title.length * titleSize * lineHeight +
        (detail.length === 0 ? 0 : titleGap + detail.length * detailSize * lineHeight) +
        2 * padding,
    ),
    title,
    detail,
  };
}

function drawNode(node: FlowNode, box: NodeBox, x: number, y: number, anchor: string | undefined): string {
  const left = x - box.width / 2;
  const top = y - box.height / 2;
  const shape =
    node.shape === 'hexagon'
      ? `<polygon class="shape" points="${hexagon(left, top, box.width, box.height)}"/>`
      : `<rect class="shape" x="${round(left)}" y="${round(top)}" width="${box.width}" height="${box.height}" rx="${node.shape === 'rect' ? 6 : box.height / 2}"/>`;
  // Each line's baseline sits 0.8 of its font size below the line's top.
  let cursor = top + padding;
  const text: string[] = [];
  for (const line of box.title) {
    text.push(`<text class="title" x="${round(x)}" y="${round(cursor + titleSize * 0.9)}">${escapeHtml(line)}</text>`);
    cursor += titleSize * lineHeight;
  }
  cursor += titleGap;
  for (const line of box.detail) {
    text.push(
      `<text class="detail" x="${round(x)}" y="${round(cursor + detailSize * 0.9)}">${escapeHtml(line)}</text>`,
    );
    cursor += detailSize * lineHeight;
  }
  const kind = node.shape === 'hexagon' ? 'external' : 'module';
  const full = [node.title, node.detail].filter((part) => part !== '').join(': ');
  return `<g class="node ${kind}"${anchor === undefined ? '' : ` id="${escapeHtml(anchor)}"`}><title>${escapeHtml(full)}</title>${shape}${text.join('')}</g>`;
}

function edgeLabel(edge: FlowEdge, x: number, y: number, width: number, height: number): string {
  const lines = wrap(edge.label, labelWrap, 3);
  const top = y - height / 2;
  const text = lines
    .map(
      (line, index) =>
        `<text x="${round(x)}" y="${round(top + 2 + labelSize + index * labelSize * lineHeight - 1)}">${escapeHtml(line)}</text>`,
    )
    .join('');
  return `<g class="edge-label"><title>${escapeHtml(edge.label)}</title><rect x="${round(x - width / 2)}" y="${round(top)}" width="${round(width)}" height="${round(height)}" rx="${round(Math.min(height, width) / 2)}"/>${text}</g>`;
}

/** A smooth path through dagre's points: straight ends, quadratic bends at the points between. */
function curve(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  const parts = [`M${round(first.x)},${round(first.y)}`];
  for (let index = 0; index < rest.length - 1; index += 1) {
    const point = rest[index] as Point;
    const next = rest[index + 1] as Point;
    parts.push(
      `Q${round(point.x)},${round(point.y)} ${round((point.x + next.x) / 2)},${round((point.y + next.y) / 2)}`,
    );
  }
  const last = rest.at(-1);
  if (last !== undefined) parts.push(`L${round(last.x)},${round(last.y)}`);
  return parts.join(' ');
}

function hexagon(left: number, top: number, width: number, height: number): string {
  const inset = 14;
  const middle = top + height / 2;
  return [
    [left + inset, top],
    [left + width - inset, top],
    [left + width, middle],
    [left + width - inset, top + height],
    [left + inset, top + height],
    [left, middle],
  ]
    .map(([px, py]) => `${round(px ?? 0)},${round(py ?? 0)}`)
    .join(' ');
}

/** Words wrapped to lines of at most `width` characters (a longer word gets a line of its own); `…` past `max` lines. */
export function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    if (line !== '') lines.push(line);
  }
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${kept[max - 1] ?? ''}…`;
  return kept;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
