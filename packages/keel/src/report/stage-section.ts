import { markup, join, type Html } from './markup.ts';
import { accessBody } from './access-section.ts';
import { architectureBody } from './architecture-section.ts';
import { contractBody } from './contract-section.ts';
import { findingsHtml } from './findings-html.ts';
import { modelBody } from './model-section.ts';
import { outputHtml } from './output-html.ts';
import { duration, shownState, stageTitle, when } from './overview-section.ts';
import { traceOutput, type ReportData, type StageReport } from './report-data.ts';
import { requirementsBody, shipBody, testsBody } from './summary-bodies.ts';
import { plannedStages, stateWords } from './stage-words.ts';

/** What a stage shows besides its evidence, and which of its outputs it already drew. */
export interface StageBody {
  readonly body: Html;
  readonly consumed: readonly string[];
}

const bodies: Partial<Record<StageReport['id'], (data: ReportData) => StageBody>> = {
  requirements: requirementsBody,
  architecture: architectureBody,
  contract: contractBody,
  model: modelBody,
  access: accessBody,
  tests: testsBody,
  ship: shipBody,
};

/**
 * One stage's section: its state, its evidence (when, at which commit, on which inputs), what it produced, and its
 * findings. A stage without evidence, or without a gate in this version, says so; evidence it does have is shown
 * generically, so stages added later appear in the report as soon as they write evidence.
 */
export function stageSection(data: ReportData, report: StageReport, number: number): Html {
  const state = shownState(report);
  const { evidence } = report;
  const specific = bodies[report.id]?.(data);
  const consumed = new Set([...(specific?.consumed ?? []), traceOutput]);
  const outputs = Object.entries(evidence?.outputs ?? {}).filter(([name]) => !consumed.has(name));
  return markup`<section id="stage-${report.id}" class="stage" aria-labelledby="stage-${report.id}-title">
    <h2 id="stage-${report.id}-title">
      <span class="number">${number}</span> ${stageTitle(report)}
      <span class="badge state-${state}">${stateWords[state]}</span>
    </h2>
    <p class="lead">${report.stage?.summary ?? plannedStages[report.id].summary}</p>
    ${statusNote(data, report)} ${evidence === undefined ? '' : evidenceFacts(report)} ${specific?.body ?? ''}
    ${join(
      outputs.map(
        // A Markdown document brings its own title (its `#` heading becomes an h3); others are named by their file.
        ([name, text]) =>
          markup`${name.endsWith('.md') ? '' : markup`<h3>${name}</h3>`}${outputHtml(name, text, { idPrefix: `output-${report.id}` })}`,
      ),
    )}
    ${
      evidence === undefined
        ? ''
        : markup`<h3 id="stage-${report.id}-findings">Findings</h3>
            ${findingsHtml(evidence.findings, `keel check ${report.id}`)}`
    }
  </section>`;
}

function statusNote(data: ReportData, report: StageReport): Html {
  const { status, evidence } = report;
  if (!status.available) {
    return markup`<p class="callout">
      ${evidence === undefined ? 'Not run: ' : 'Evidence from another version of Keel: '}Keel ${data.keelVersion} has no
      gate for this stage yet.
    </p>`;
  }
  if (evidence === undefined) {
    return markup`<p class="callout">
      Not run yet${status.reasons.length === 0 ? '' : markup`: ${status.reasons.join('; ')}`}.
      <code>keel check ${report.id}</code> runs its gate.
    </p>`;
  }
  if (status.state === 'stale') {
    return markup`<div class="callout warn">
      <p>This evidence is stale; run <code>keel check ${report.id}</code> again:</p>
      <ul>
        ${status.reasons.map((reason) => markup`<li>${reason}</li>`)}
      </ul>
    </div>`;
  }
  return markup``;
}

function evidenceFacts(report: StageReport): Html {
  const evidence = report.evidence;
  if (evidence === undefined) return markup``;
  const inputs = Object.entries(evidence.inputs);
  return markup`<dl class="facts">
      <div>
        <dt>result</dt>
        <dd>
          <span class="badge ${evidence.result === 'passed' ? 'tone-good' : 'tone-bad'}">${evidence.result}</span>
        </dd>
      </div>
      <div>
        <dt>checked</dt>
        <dd>${when(evidence.checkedAt)}, in ${duration(evidence.durationMs)}</dd>
      </div>
      <div>
        <dt>commit</dt>
        <dd>
          ${evidence.commit === null ? 'not in git' : markup`<code>${evidence.commit.sha.slice(0, 12)}</code>${evidence.commit.dirty ? ' with uncommitted changes' : ''}`}
        </dd>
      </div>
      <div>
        <dt>Keel</dt>
        <dd>${evidence.keelVersion}</dd>
      </div>
    </dl>
    <details class="inputs">
      <summary>
        ${inputs.length} input file${inputs.length === 1 ? '' : 's'}
        checked${evidence.overrides.length === 0 ? '' : markup`, ${evidence.overrides.length} rule override${evidence.overrides.length === 1 ? '' : 's'}`}
      </summary>
      <table class="hashes">
        <tbody>
          ${inputs.map(
            ([path, hash]) =>
              markup`<tr>
                <td class="location">${path}</td>
                <td><code>${hash.slice(0, 19)}…</code></td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${evidence.overrides.map((override) => markup`<p><code>${override.rule}</code> set to ${override.severity} in keel.yaml: ${override.reason}</p>`)}
    </details>`;
}
