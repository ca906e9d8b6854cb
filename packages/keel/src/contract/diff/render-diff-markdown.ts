import { changeLevels, formatChangeLocation, type ChangeLevel } from './change.ts';
import type { ContractDiff } from './diff-contracts.ts';
import { summaryLine } from './render-diff-text.ts';

const headings: Record<ChangeLevel, string> = {
  breaking: '🔴 Breaking',
  'possibly-breaking': '🟠 Possibly breaking',
  'non-breaking': '🟢 Non-breaking',
};

/** The diff as a pull-request comment: a summary line, then a table per level (non-breaking ones folded). */
export function renderDiffMarkdown(diff: ContractDiff): string {
  const lines = [`### API contract diff: ${summaryLine(diff)}`, '', `\`${diff.base}\` → \`${diff.head}\``];
  for (const level of changeLevels) {
    const changes = diff.changes.filter((change) => change.level === level);
    if (changes.length === 0) continue;
    const table = [
      '| Change | Operations | Details | Where (head) |',
      '| --- | --- | --- | --- |',
      ...changes.map(
        (change) =>
          `| \`${change.id}\` | ${change.operations.map((operation) => `\`${escape(operation)}\``).join('<br>') || 'whole API'} | ${escape(change.message)} | ${escape(formatChangeLocation(change.head))} |`,
      ),
    ];
    const heading = `${headings[level]} (${changes.length})`;
    if (level === 'non-breaking') {
      lines.push('', `<details><summary>${heading}</summary>`, '', ...table, '', '</details>');
    } else {
      lines.push('', `#### ${heading}`, '', ...table);
    }
  }
  return lines.join('\n') + '\n';
}

function escape(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
