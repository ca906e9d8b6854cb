import { markup, type Html } from './markup.ts';
import { markdownToHtml, type MarkdownOptions } from './markdown-html.ts';
import { flowchartSvg } from './flowchart-svg.ts';
import { parseFlowchart } from './mermaid-flowchart.ts';

/**
 * A document a stage kept with its evidence, by its kind: a Mermaid flowchart drawn as SVG (its source folded under
 * it), Markdown as HTML, JSON and anything else as preformatted text.
 */
export function outputHtml(
  name: string,
  text: string,
  options: MarkdownOptions & { readonly idPrefix?: string } = {},
): Html {
  if (name.endsWith('.mmd')) {
    const chart = parseFlowchart(text);
    const source = markup`<details class="source">
      <summary>Mermaid source (${name})</summary>
      <pre class="code"><code>${text}</code></pre>
    </details>`;
    if (chart === undefined || chart.nodes.length === 0) return source;
    // Edge labels become numbers, listed under the diagram: written on the arrows, sentences make a diagram too wide.
    const labelled = chart.edges.filter((edge) => edge.label !== '');
    const numbered = {
      ...chart,
      edges: chart.edges.map((edge) =>
        edge.label === '' ? edge : { ...edge, label: String(labelled.indexOf(edge) + 1) },
      ),
    };
    const svg = flowchartSvg(numbered, {
      idPrefix: options.idPrefix ?? 'diagram',
      title: name,
      maxWidth: 1100,
      nodeAnchor: (node) => (options.rowId === undefined ? undefined : options.rowId(node.title)),
    });
    const titles = new Map(chart.nodes.map((node) => [node.id, node.title]));
    const legend =
      labelled.length === 0
        ? ''
        : markup`<ol class="flows">
            ${labelled.map((edge) => markup`<li><strong>${titles.get(edge.from) ?? edge.from}</strong> → <strong>${titles.get(edge.to) ?? edge.to}</strong>: ${edge.label}</li>`)}
          </ol>`;
    const skipped =
      chart.skipped.length === 0
        ? ''
        : markup`<p class="quiet">
            ${chart.skipped.length} lines of the source are not drawn (styles, subgraphs); the source shows them.
          </p>`;
    return markup`<figure class="diagram">
        <div class="diagram-scroll">${svg}</div>
        ${legend}
      </figure>
      ${skipped}${source}`;
  }
  if (name.endsWith('.md'))
    return markup`<div class="markdown">${markdownToHtml(text, { headingOffset: 2, ...options })}</div>`;
  return markup`<pre class="code"><code>${text}</code></pre>`;
}
