import { readFile } from 'node:fs/promises';
import { extname, relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { KeelError } from '../errors/index.ts';

/**
 * A parsed YAML or JSON artifact that remembers where every value came from, so findings can name
 * `file:line:column` for a JSON pointer.
 */
export interface SourceFile {
  /** Absolute path. */
  readonly path: string;
  /** Path as shown to the user (relative to the project root when known). */
  readonly displayPath: string;
  readonly text: string;
  readonly value: unknown;
  /** 1-based position of the key (or array item) at a JSON pointer, or of its nearest existing ancestor. */
  locate(pointer: string): { line: number; column: number };
}

/** Reads and parses a YAML or JSON file; a missing file or a syntax error is a KeelError with line and column. */
export async function readSourceFile(path: string, root?: string): Promise<SourceFile> {
  const displayPath = root === undefined ? path : relative(root, path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KeelError('KEEL_FILE_NOT_FOUND', `${displayPath} does not exist`, { location: { file: displayPath } });
    }
    throw error;
  }
  return parseSource(text, path, displayPath);
}

/** Parses YAML (a superset of JSON) text; JSON files are parsed as YAML 1.2 too, so positions work the same. */
export function parseSource(text: string, path: string, displayPath = path): SourceFile {
  const lineCounter = new LineCounter();
  const isJson = extname(path).toLowerCase() === '.json';
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = lineCounter.linePos(first.pos[0]);
    throw new KeelError(
      'KEEL_SYNTAX_ERROR',
      `${displayPath}:${at.line}:${at.col}: ${isJson ? 'JSON' : 'YAML'} syntax error: ${firstLine(first.message)}`,
      { location: { file: displayPath, line: at.line, column: at.col } },
    );
  }
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  return {
    path,
    displayPath,
    text,
    value,
    locate(pointer) {
      const node = nodeAt(doc.contents, pointer);
      const offset = node?.range?.[0] ?? 0;
      const at = lineCounter.linePos(offset);
      return { line: at.line, column: at.col };
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * The node to point at for a JSON pointer (RFC 6901): the key of the last mapping entry it names, since a finding about
 * `paths./a.get` belongs on the `get:` line, not on the first line of its value; the deepest existing node otherwise.
 */
function nodeAt(root: unknown, pointer: string): YamlNode | undefined {
  let node = root as YamlNode | undefined;
  let at: YamlNode | undefined = node;
  for (const token of splitPointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === token);
      if (pair === undefined) return at;
      at = pair.key as YamlNode;
      node = (pair.value as YamlNode | null) ?? undefined;
    } else if (isSeq(node)) {
      const next = node.items[Number(token)] as YamlNode | undefined;
      if (next === undefined) return at;
      at = next;
      node = next;
    } else {
      return at;
    }
  }
  return at;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#' || pointer === '/') return [];
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return body
    .split('/')
    .slice(1)
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function joinPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => '/' + String(token).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
