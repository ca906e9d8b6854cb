import type { Location } from '../journey/finding.ts';

/** Turns offsets within a migration section into file locations. */
export interface SectionPositions {
  /** A 0-based UTF-16 index of the section text → its 1-based line and column in the file. */
  locateChar(index: number): Location;
  /** A 0-based UTF-8 byte offset, as the parser reports positions → a UTF-16 index. */
  charOfByte(offset: number): number;
}

/**
 * Positions of a section that starts at column 1 of `firstLine` of `file`. The parser counts bytes of UTF-8; strings
 * count UTF-16 units; people count lines and columns.
 */
export function sectionPositions(text: string, file: string, firstLine: number): SectionPositions {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  const byteToChar = isAscii(text) ? undefined : byteIndex(text);
  return {
    locateChar(index) {
      const clamped = Math.max(0, Math.min(index, text.length));
      let line = lineStarts.length - 1;
      while (line > 0 && (lineStarts[line] ?? 0) > clamped) line--;
      return { file, line: firstLine + line, column: clamped - (lineStarts[line] ?? 0) + 1 };
    },
    charOfByte(offset) {
      if (byteToChar === undefined) return offset;
      return byteToChar[Math.max(0, Math.min(offset, byteToChar.length - 1))] ?? text.length;
    },
  };
}

function isAscii(text: string): boolean {
  return !/[^\u0000-\u007f]/.test(text);
}

/** For every byte offset, the UTF-16 index of the character it belongs to; one entry past the end. */
function byteIndex(text: string): number[] {
  const encoder = new TextEncoder();
  const index: number[] = [];
  let char = 0;
  for (const codePoint of text) {
    const bytes = encoder.encode(codePoint).length;
    for (let byte = 0; byte < bytes; byte++) index.push(char);
    char += codePoint.length;
  }
  index.push(char);
  return index;
}
