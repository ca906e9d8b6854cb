import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node as YamlNode } from 'yaml';
import type { Location } from '../journey/finding.ts';
import { splitPointer } from '../source/index.ts';

/**
 * Where each character of a string value lies in its YAML file, so an error in a condition points at its column. Plain
 * and quoted one-line scalars map exactly; a value folded over lines maps to its first character.
 */
export function scalarPositions(text: string, file: string): (pointer: string) => (offset: number) => Location {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  return (pointer) => {
    const node = valueAt(document.contents, pointer);
    const range = node?.range;
    if (node === undefined || range === undefined || range === null) return () => ({ file });
    const written = text.slice(range[0], range[1]);
    const value = isScalar(node) ? String(node.value) : '';
    const quoted = isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE);
    const start = quoted ? range[0] + 1 : range[0];
    const exact = value !== '' && written.slice(quoted ? 1 : 0).startsWith(value);
    return (offset) => {
      const at = lineCounter.linePos(exact ? start + Math.min(offset, value.length) : range[0]);
      return { file, line: at.line, column: at.col };
    };
  };
}

function valueAt(root: unknown, pointer: string): YamlNode | undefined {
  let node = root as YamlNode | undefined;
  for (const token of splitPointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === token);
      node = (pair?.value as YamlNode | null | undefined) ?? undefined;
    } else if (isSeq(node)) {
      node = node.items[Number(token)] as YamlNode | undefined;
    } else {
      return undefined;
    }
  }
  return node;
}
