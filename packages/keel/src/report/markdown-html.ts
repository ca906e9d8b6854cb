import type { Nodes, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { gfmTable } from 'micromark-extension-gfm-table';
import { markup, join, type Html } from './markup.ts';

/** How a cell or heading reads at a glance: shown with a colour. */
export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

export interface MarkdownOptions {
  /** Added to every heading's level (`#` becomes `<h3>` with 2); levels stop at 6. */
  readonly headingOffset?: number;
  /** Leaves out a first `#` heading: the report's own heading names the document. */
  readonly skipTitle?: boolean;
  /** A tone for a table cell, from its text. */
  cellTone?(text: string): Tone | undefined;
  /** A tone for a heading, from its text. */
  headingTone?(text: string): Tone | undefined;
  /** An anchor id for a table row, from the text of its first cell. */
  rowId?(firstCell: string): string | undefined;
}

/**
 * A Markdown document that a stage keeps with its evidence (an access matrix, query plans) as HTML. Only the parts of
 * Markdown that such documents use become markup; raw HTML is shown as text and links as their text, so an artifact's
 * words can never add a script, a style or a request to the report.
 *
 * @example
 * markdownToHtml('| operation | member |\n| --- | --- |\n| getBooking | allow |', { cellTone });
 */
export function markdownToHtml(markdown: string, options: MarkdownOptions = {}): Html {
  const tree = fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
  const [first] = tree.children;
  if (options.skipTitle === true && first?.type === 'heading' && first.depth === 1) tree.children.shift();
  return node(tree, options);
}

function node(tree: Nodes, options: MarkdownOptions): Html {
  const children = (): Html =>
    'children' in tree ? join(tree.children.map((child) => node(child, options))) : markup``;
  switch (tree.type) {
    case 'root':
      return children();
    case 'heading': {
      const level = Math.min(6, tree.depth + (options.headingOffset ?? 0));
      const tone = options.headingTone?.(toString(tree));
      return markup`<h${level}${tone === undefined ? '' : markup` class="tone-${tone}"`}>${children()}</h${level}>`;
    }
    case 'paragraph':
      return markup`<p>${children()}</p>`;
    case 'text':
      return markup`${tree.value}`;
    case 'emphasis':
      return markup`<em>${children()}</em>`;
    case 'strong':
      return markup`<strong>${children()}</strong>`;
    case 'delete':
      return markup`<del>${children()}</del>`;
    case 'inlineCode':
      return markup`<code>${tree.value}</code>`;
    case 'code':
      return markup`<pre class="code"${tree.lang === null || tree.lang === undefined ? '' : markup` data-lang="${tree.lang}"`}><code>${tree.value}</code></pre>`;
    case 'break':
      return markup`<br />`;
    case 'thematicBreak':
      return markup`<hr />`;
    case 'blockquote':
      return markup`<blockquote>${children()}</blockquote>`;
    case 'list':
      return tree.ordered === true
        ? markup`<ol>
            ${children()}
          </ol>`
        : markup`<ul>
            ${children()}
          </ul>`;
    case 'listItem':
      return markup`<li>${children()}</li>`;
    case 'table':
      return table(tree, options);
    case 'html':
      // Markdown allows raw HTML; a report shows it as the text it is.
      return markup`<code>${tree.value}</code>`;
    case 'link':
    case 'linkReference':
      return children();
    case 'image':
    case 'imageReference':
      return markup`${tree.alt ?? ''}`;
    case 'definition':
    case 'footnoteDefinition':
    case 'yaml':
      return markup``;
    default:
      return markup`${toString(tree)}`;
  }
}

function table(tree: Table, options: MarkdownOptions): Html {
  const [head, ...rows] = tree.children;
  const cells = (row: Table['children'][number], tag: 'th' | 'td') =>
    row.children.map((cell, index) => {
      const text = toString(cell);
      const tone = tag === 'td' && index > 0 ? options.cellTone?.(text) : undefined;
      const content = join(cell.children.map((child) => node(child, options)));
      return tag === 'th'
        ? markup`<th scope="col">${content}</th>`
        : markup`<td${tone === undefined ? '' : markup` class="tone-${tone}"`}>${content}</td>`;
    });
  const body = rows.map((row) => {
    const id = options.rowId?.(toString(row.children[0] ?? { type: 'text', value: '' }));
    return markup`<tr${id === undefined ? '' : markup` id="${id}"`}>${cells(row, 'td')}</tr>`;
  });
  return markup`<div class="table-scroll">
    <table>
      ${
        head === undefined
          ? ''
          : markup`<thead>
              <tr>
                ${cells(head, 'th')}
              </tr>
            </thead>`
      }
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}
