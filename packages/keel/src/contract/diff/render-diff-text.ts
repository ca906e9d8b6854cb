import { formatChangeLocation, type ChangeLevel } from './change.ts';
import type { ContractDiff } from './diff-contracts.ts';

/** Colours for a terminal; identity functions elsewhere. */
export interface TextStyle {
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain: TextStyle = { bad: (t) => t, warn: (t) => t, dim: (t) => t, bold: (t) => t };

/** The diff for a terminal: one block per change, breaking first, then a count per level. */
export function renderDiffText(diff: ContractDiff, style: TextStyle = plain): string {
  const tag: Record<ChangeLevel, string> = {
    breaking: style.bad('breaking         '),
    'possibly-breaking': style.warn('possibly-breaking'),
    'non-breaking': style.dim('non-breaking     '),
  };
  const lines = [style.dim(`${diff.base} → ${diff.head}`), ''];
  for (const change of diff.changes) {
    const operations = change.operations.length === 0 ? 'whole API' : change.operations.join(', ');
    lines.push(`${tag[change.level]} ${style.bold(change.id)}  ${style.dim(operations)}`);
    lines.push(`                  ${change.message}`);
    lines.push(
      style.dim(
        `                  base ${formatChangeLocation(change.base)}  head ${formatChangeLocation(change.head)}`,
      ),
    );
  }
  if (diff.changes.length > 0) lines.push('');
  lines.push(summaryLine(diff));
  return lines.join('\n') + '\n';
}

/** `2 breaking, 1 possibly breaking, 5 non-breaking changes` (or `no changes`). */
export function summaryLine(diff: ContractDiff): string {
  if (diff.changes.length === 0) return 'no changes';
  const { breaking, 'possibly-breaking': possibly, 'non-breaking': safe } = diff.counts;
  return `${breaking} breaking, ${possibly} possibly breaking, ${safe} non-breaking change${diff.changes.length === 1 ? '' : 's'}`;
}
