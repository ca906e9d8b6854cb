/** A piece of HTML that is safe to insert as it is: built by `markup` (which escapes what it interpolates) or `raw`. */
export interface Html {
  readonly kind: 'html';
  readonly value: string;
}

/** What `markup` accepts between its literals: text is escaped, Html kept, arrays joined, nullish and false dropped. */
export type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[];

/**
 * HTML from a template whose interpolations are escaped unless they are already Html: every artifact's text goes
 * through here, so no file, finding or label can inject markup.
 *
 * @example
 * markup`<li class="finding">${finding.message}</li>`; // `<li class="finding">&lt;script&gt;…</li>`
 */
export function markup(literals: TemplateStringsArray, ...values: readonly Interpolated[]): Html {
  let value = literals[0] ?? '';
  values.forEach((part, index) => {
    value += render(part) + (literals[index + 1] ?? '');
  });
  return { kind: 'html', value };
}

/** Markup that Keel itself wrote (a stylesheet, an SVG built by escaping its own text): inserted unescaped. */
export function raw(value: string): Html {
  return { kind: 'html', value };
}

/** Joins pieces of HTML with a separator (itself escaped when text). */
export function join(parts: readonly Interpolated[], separator: Interpolated = ''): Html {
  return raw(parts.map(render).join(render(separator)));
}

function render(part: Interpolated): string {
  if (part === null || part === undefined || part === false) return '';
  if (typeof part === 'string') return escapeHtml(part);
  if (typeof part === 'number' || part === true) return escapeHtml(String(part));
  if (isHtml(part)) return part.value;
  return part.map(render).join('');
}

function isHtml(part: Html | readonly Interpolated[]): part is Html {
  return !Array.isArray(part) && (part as Html).kind === 'html';
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text safe in an element and in a quoted attribute value. Control characters other than tab and newlines are shown
 * as U+FFFD: they cannot appear in HTML and would only hide what the text says.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (character) => entities[character] ?? character)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

/** An anchor id from any text: letters, digits, `-`, `_` and `.` kept, every other run of characters becomes `-`. */
export function anchorId(prefix: string, text: string): string {
  const slug = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${prefix}-${slug === '' ? 'x' : slug}`;
}

/**
 * A link to an anchor of the report. Anchors that the finished page does not define (a section whose evidence is
 * absent) become plain text in `resolveReferences`, so the report has no broken link.
 */
export function reference(anchor: string, content: Interpolated): Html {
  return markup`<a class="ref" href="#${anchor}">${content}</a>`;
}

/** Replaces each `reference` whose anchor the page does not define with its content alone. */
export function resolveReferences(page: string): string {
  const defined = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
  return page.replace(/<a class="ref" href="#([^"]+)">(.*?)<\/a>/gs, (whole, anchor: string, content: string) =>
    defined.has(anchor) ? whole : `<span class="ref">${content}</span>`,
  );
}
