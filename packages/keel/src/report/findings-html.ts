import { formatLocation, severities, type Finding, type Severity } from '../journey/finding.ts';
import { markup, type Html } from './markup.ts';

/** Findings shown per severity; the rest are one `keel check <stage>` away. */
const shownPerSeverity = 200;

const severityTitles: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/**
 * A stage's findings, most severe first: errors open, warnings and notes folded. Every finding names its rule, where
 * it is, what is wrong and the fix.
 */
export function findingsHtml(findings: readonly Finding[], command: string): Html {
  if (findings.length === 0) return markup`<p class="quiet">No findings.</p>`;
  return markup`${severities.map((severity) => {
    const group = findings.filter((finding) => finding.severity === severity);
    if (group.length === 0) return '';
    const shown = group.slice(0, shownPerSeverity);
    const more =
      group.length > shown.length
        ? markup`<p class="quiet">… and ${group.length - shown.length} more: <code>${command}</code></p>`
        : '';
    const list = markup`<ol class="findings">
        ${shown.map(findingHtml)}
      </ol>
      ${more}`;
    const summary = markup`<span class="severity ${severity}">${severityTitles[severity]}</span> ${group.length}`;
    return severity === 'error'
      ? markup`<details class="finding-group" open>
          <summary>${summary}</summary>
          ${list}
        </details>`
      : markup`<details class="finding-group">
          <summary>${summary}</summary>
          ${list}
        </details>`;
  })}`;
}

function findingHtml(finding: Finding): Html {
  return markup`<li class="finding ${finding.severity}">
    <div class="finding-head">
      <span class="severity ${finding.severity}">${finding.severity}</span> <code class="rule">${finding.rule}</code>
      <span class="location">${formatLocation(finding.location)}</span>
    </div>
    <p class="message">${finding.message}</p>
    <p class="fix"><span class="label">Fix</span> ${finding.fix}</p>
    ${
      finding.override === undefined
        ? ''
        : markup`<p class="override">
            Re-levelled from ${finding.override.from} in keel.yaml: ${finding.override.reason}
          </p>`
    }
  </li>`;
}
