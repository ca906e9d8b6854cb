import type { Allow } from './model-model.ts';
import type { SectionPositions } from './section-positions.ts';

const allowComment = /--\s*keel:allow\b(.*)$/gm;

/**
 * The `-- keel:allow <rule-id> <reason>` comments in a stretch of a section (between two statements). The reason is
 * everything after the rule id; a colon or dash before it is not part of it.
 *
 * @example
 * allowComments('-- keel:allow model/rename the view keeps the old name\n', 0, positions)
 * // [{ rule: 'model/rename', reason: 'the view keeps the old name', at: { file, line, column } }]
 */
export function allowComments(text: string, offset: number, positions: SectionPositions): Allow[] {
  const allows: Allow[] = [];
  for (const match of text.matchAll(allowComment)) {
    const [, rest = ''] = match;
    const [, rule = '', reason = ''] = /^\s*(\S*)\s*(.*)$/.exec(rest) ?? [];
    allows.push({
      rule: rule.replace(/:$/, ''),
      reason: reason.replace(/^[:—–-]+\s*/, '').trim(),
      at: positions.locateChar(offset + match.index),
    });
  }
  return allows;
}
