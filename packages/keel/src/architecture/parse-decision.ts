import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Heading, Root, RootContent, Yaml } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { isKeelError } from '../errors/index.ts';
import type { Issue, Location } from '../journey/finding.ts';
import { joinPointer, parseSource, schemaIssues, type SourceFile } from '../source/index.ts';
import {
  decisionStatuses,
  type Decision,
  type DecisionOption,
  type DecisionSection,
  type DecisionStatus,
  type Located,
} from './architecture-model.ts';
import { decisionFrontMatterSchema } from './decision-front-matter-schema.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const validateFrontMatter = ajv.compile(decisionFrontMatterSchema);

/**
 * Parses one decision record with a Markdown parser: the YAML front matter (positions are lines of the `.md` file),
 * the `##` sections and the `###` options under Options. Problems with the front matter are issues of
 * `architecture/decision-front-matter`; the decision holds whatever is well formed.
 *
 * @example
 * const { decision, issues } = parseDecision(await readFile(path, 'utf8'), path, 'decisions/0003-identifiers.md');
 */
export function parseDecision(
  text: string,
  path: string,
  file: string,
): { readonly decision: Decision; readonly issues: readonly Issue[] } {
  const tree = fromMarkdown(text, {
    extensions: [frontmatter(['yaml'])],
    mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
  });
  const start: Location = { file, line: 1, column: 1 };
  const matter = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  const issues: Issue[] = [];
  let source: SourceFile | undefined;
  if (matter === undefined) {
    issues.push({ message: `${file} does not start with front matter between two \`---\` lines`, at: start });
  } else {
    try {
      source = parseFrontMatter(matter, path, file);
      issues.push(...schemaIssues(source, validateFrontMatter, { rootLabel: 'the front matter' }));
    } catch (error) {
      if (!isKeelError(error)) throw error;
      issues.push({ message: error.message, at: error.location ?? start });
    }
  }
  const value = isRecord(source?.value) ? source.value : {};
  const at = (key: string | number, index?: number): Location => {
    if (source === undefined) return start;
    const pointer = joinPointer(index === undefined ? [key] : [key, index]);
    return { file, ...source.locate(pointer) };
  };
  const list = (key: string): Located[] =>
    Array.isArray(value[key])
      ? value[key].flatMap((item: unknown, index) =>
          typeof item === 'string' ? [Object.freeze({ value: item, at: at(key, index) })] : [],
        )
      : [];
  const status = value['status'];
  const date = value['date'];
  const { sections, options } = readSections(tree, file);
  const decision: Decision = Object.freeze({
    id: typeof value['id'] === 'string' ? value['id'] : '',
    title: typeof value['title'] === 'string' ? value['title'] : '',
    status: decisionStatuses.includes(status as DecisionStatus) ? (status as DecisionStatus) : undefined,
    topics: Object.freeze(list('topics')),
    requirements: Object.freeze(list('requirements')),
    supersedes: Object.freeze(list('supersedes')),
    ...(typeof date === 'string' ? { date } : {}),
    sections,
    options,
    file,
    at: start,
    keysAt: Object.freeze(Object.fromEntries(Object.keys(value).map((key) => [key, at(key)]))),
  });
  return { decision, issues };
}

/** The front matter as a YAML source whose line numbers are those of the `.md` file. */
function parseFrontMatter(matter: Yaml, path: string, file: string): SourceFile {
  const fenceLine = matter.position?.start.line ?? 1;
  // Blank lines before the YAML shift every position to its line in the record.
  return parseSource('\n'.repeat(fenceLine) + matter.value, path.replace(/\.md$/i, '.yaml'), file);
}

/** The `##` sections, and the `###` headings of the Options section with whether each has text. */
function readSections(
  tree: Root,
  file: string,
): { sections: readonly DecisionSection[]; options: readonly DecisionOption[] } {
  const sections: DecisionSection[] = [];
  const options: DecisionOption[] = [];
  const nodes = tree.children;
  const locate = (node: RootContent): Location => ({
    file,
    line: node.position?.start.line ?? 1,
    column: node.position?.start.column ?? 1,
  });
  nodes.forEach((node, index) => {
    if (!isHeading(node, 2)) return;
    const body = until(nodes, index + 1, 2);
    const heading = toString(node).trim();
    sections.push(Object.freeze({ heading, hasContent: body.some(hasText), at: locate(node) }));
    if (heading.toLowerCase() !== 'options') return;
    body.forEach((option, optionIndex) => {
      if (!isHeading(option, 3)) return;
      const text = until(body, optionIndex + 1, 3);
      options.push(
        Object.freeze({ name: toString(option).trim(), hasTradeOffs: text.some(hasText), at: locate(option) }),
      );
    });
  });
  return { sections: Object.freeze(sections), options: Object.freeze(options) };
}

/** The nodes after `from` up to the next heading of `depth` or shallower. */
function until(nodes: readonly RootContent[], from: number, depth: number): readonly RootContent[] {
  const end = nodes.findIndex((node, index) => index >= from && node.type === 'heading' && node.depth <= depth);
  return nodes.slice(from, end === -1 ? undefined : end);
}

function isHeading(node: RootContent, depth: number): node is Heading {
  return node.type === 'heading' && node.depth === depth;
}

/** Whether a node says something: an HTML comment left from a template does not. */
function hasText(node: RootContent): boolean {
  if (node.type === 'html') return node.value.replace(/<!--[\s\S]*?-->/g, '').trim() !== '';
  if (node.type === 'thematicBreak' || node.type === 'yaml') return false;
  return toString(node).trim() !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
