/** A Mermaid flowchart as the report draws it: boxes with a title and a description, and arrows between them. */
export interface Flowchart {
  readonly direction: 'LR' | 'RL' | 'TB' | 'BT';
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  /** Lines the report does not draw (styles, subgraphs, clicks): the diagram's source is shown beside it. */
  readonly skipped: readonly string[];
}

export type FlowShape = 'rect' | 'round' | 'hexagon' | 'diamond' | 'stadium' | 'cylinder' | 'circle';

export interface FlowNode {
  readonly id: string;
  readonly shape: FlowShape;
  /** The bold part of the label (`<b>…</b>`), else the whole label. */
  readonly title: string;
  /** The rest of the label, after the title's line break. */
  readonly detail: string;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  /** `-.->` is dotted (Keel draws declared dependencies so), `-->` solid, `==>` thick. */
  readonly line: 'solid' | 'dotted' | 'thick';
  readonly arrow: boolean;
  readonly label: string;
}

const shapes: readonly (readonly [open: string, close: string, shape: FlowShape])[] = [
  ['((', '))', 'circle'],
  ['([', '])', 'stadium'],
  ['[(', ')]', 'cylinder'],
  ['{{', '}}', 'hexagon'],
  ['[', ']', 'rect'],
  ['(', ')', 'round'],
  ['{', '}', 'diamond'],
];

const arrows: readonly (readonly [token: string, line: FlowEdge['line'], arrow: boolean])[] = [
  ['-.->', 'dotted', true],
  ['-->', 'solid', true],
  ['==>', 'thick', true],
  ['-.-', 'dotted', false],
  ['---', 'solid', false],
  ['===', 'thick', false],
];

const idPattern = /^[A-Za-z0-9_]+/;

/**
 * Reads the flowchart subset of Mermaid that Keel's stages write (`flowchart LR`, node shapes, `-->`, `-.->` and `==>`
 * with `|labels|`, `%%` comments). Anything else is kept in `skipped`, never guessed at.
 *
 * @example
 * parseFlowchart('flowchart LR\n  a["<b>api</b><br/>serves"] --> b{{"<b>db</b>"}}');
 */
export function parseFlowchart(source: string): Flowchart | undefined {
  const lines = source
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('%%'));
  const header = /^(?:flowchart|graph)\s+(LR|RL|TB|TD|BT)\s*;?$/.exec(lines[0] ?? '');
  if (header === null) return undefined;
  const direction = header[1] === 'TD' ? 'TB' : (header[1] as Flowchart['direction']);
  const nodes = new Map<string, FlowNode>();
  const edges: FlowEdge[] = [];
  const skipped: string[] = [];
  const declare = (text: string): string | undefined => {
    const parsed = parseNode(text.trim());
    if (parsed === undefined) return undefined;
    const known = nodes.get(parsed.id);
    if (known === undefined || parsed.declared) nodes.set(parsed.id, parsed.node);
    return parsed.id;
  };
  for (const line of lines.slice(1)) {
    const statement = line.replace(/;$/, '');
    const edge = splitEdge(statement);
    if (edge !== undefined) {
      const from = declare(edge.from);
      const to = declare(edge.to);
      if (from !== undefined && to !== undefined) {
        edges.push({ from, to, line: edge.kind[1], arrow: edge.kind[2], label: decodeLabel(unquote(edge.label)).text });
        continue;
      }
    } else if (declare(statement) !== undefined) {
      continue;
    }
    skipped.push(line);
  }
  return { direction, nodes: [...nodes.values()], edges, skipped };
}

/** `a["x"] -->|"y"| b`: the first arrow outside quotes and brackets splits the statement. */
function splitEdge(
  statement: string,
): { from: string; to: string; label: string; kind: (typeof arrows)[number] } | undefined {
  let quoted = false;
  let depth = 0;
  for (let index = 0; index < statement.length; index += 1) {
    const character = statement[index] ?? '';
    if (character === '"') quoted = !quoted;
    if (quoted) continue;
    if ('[({'.includes(character)) depth += 1;
    else if ('])}'.includes(character)) depth -= 1;
    else if (depth === 0) {
      const kind = arrows.find(([token]) => statement.startsWith(token, index));
      if (kind === undefined) continue;
      let rest = statement.slice(index + kind[0].length).trimStart();
      let label = '';
      if (rest.startsWith('|')) {
        const end = closingBar(rest);
        if (end === -1) return undefined;
        label = rest.slice(1, end);
        rest = rest.slice(end + 1);
      }
      return { from: statement.slice(0, index), to: rest, label, kind };
    }
  }
  return undefined;
}

function closingBar(text: string): number {
  let quoted = false;
  for (let index = 1; index < text.length; index += 1) {
    if (text[index] === '"') quoted = !quoted;
    else if (text[index] === '|' && !quoted) return index;
  }
  return -1;
}

function parseNode(text: string): { id: string; node: FlowNode; declared: boolean } | undefined {
  const id = idPattern.exec(text)?.[0];
  if (id === undefined || ['subgraph', 'end', 'style', 'classDef', 'class', 'click', 'linkStyle'].includes(id)) {
    return undefined;
  }
  const rest = text.slice(id.length).trim();
  if (rest === '') return { id, node: { id, shape: 'rect', title: id, detail: '' }, declared: false };
  for (const [open, close, shape] of shapes) {
    if (rest.startsWith(open) && rest.endsWith(close) && rest.length >= open.length + close.length) {
      const label = decodeLabel(unquote(rest.slice(open.length, rest.length - close.length)));
      return { id, node: { id, shape, title: label.title, detail: label.detail }, declared: true };
    }
  }
  return undefined;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

const namedCodes: Readonly<Record<string, string>> = { amp: '&', quot: '"', lt: '<', gt: '>', nbsp: '\u00a0' };

/**
 * A label's text: Mermaid's entity codes (`#quot;`, `#35;`) decoded, `<br/>` as a line break, `<b>…</b>` as the title,
 * and any other tag dropped (the report writes text, never the label's markup).
 */
export function decodeLabel(label: string): { title: string; detail: string; text: string } {
  const bold = /^<b>(.*?)<\/b>(?:<br\s*\/?>)?/i.exec(label);
  const decode = (part: string) =>
    part
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/#(\w+);/g, (code, name: string) =>
        /^\d+$/.test(name) && Number(name) <= 0x10ffff
          ? String.fromCodePoint(Number(name))
          : (namedCodes[name] ?? code),
      )
      .trim();
  const text = decode(label);
  if (bold === null) return { title: text, detail: '', text };
  return { title: decode(bold[1] ?? ''), detail: decode(label.slice(bold[0].length)), text };
}
