import { markup, reference, type Html } from './markup.ts';
import type { ReportData, StageReport } from './report-data.ts';
import { plannedStages, stateWords } from './stage-words.ts';

/** The state a stage shows: its journey state, or `unavailable` for a stage this Keel has no gate for. */
export function shownState(report: StageReport): keyof typeof stateWords {
  return report.status.available ? report.status.state : 'unavailable';
}

export function stageTitle(report: StageReport): string {
  return report.stage?.title ?? plannedStages[report.id].title;
}

/** The journey at a glance: a card per stage with its state, findings and when it was checked, then the next step. */
export function overviewSection(data: ReportData): Html {
  const passing = data.stages.filter((stage) => stage.status.state === 'passing').length;
  const next = data.status.next;
  return markup`<section id="overview" aria-labelledby="overview-title">
    <h2 id="overview-title">The journey</h2>
    <p class="lead">
      ${passing} of 9 stages passing.${next === null ? '' : markup` Next: ${next.action} <code>${next.command}</code>`}
    </p>
    <ol class="stage-cards">
      ${data.stages.map((stage, index) => card(stage, index + 1))}
    </ol>
  </section>`;
}

function card(report: StageReport, number: number): Html {
  const state = shownState(report);
  const evidence = report.evidence;
  const counts = evidence?.counts;
  return markup`<li class="stage-card state-${state}">
    <a class="card-link" href="#stage-${report.id}"
      ><span class="number">${number}</span> <span class="name">${stageTitle(report)}</span></a
    >
    <span class="badge state-${state}">${stateWords[state]}</span>
    ${
      counts === undefined
        ? markup`<p class="quiet">${report.status.available ? 'no evidence yet' : 'no gate in this version of Keel'}</p>`
        : markup`<p class="counts">
            <span class="count error${counts.error === 0 ? ' zero' : ''}">${plural(counts.error, 'error')}</span>
            <span class="count warning${counts.warning === 0 ? ' zero' : ''}">${plural(counts.warning, 'warning')}</span>
            <span class="count info${counts.info === 0 ? ' zero' : ''}">${plural(counts.info, 'note')}</span>
          </p>`
    }
    ${evidence === undefined ? '' : markup`<p class="quiet">checked ${when(evidence.checkedAt)} in ${duration(evidence.durationMs)}</p>`}
    ${
      report.status.reasons.length === 0 || state === 'unavailable'
        ? ''
        : markup`<ul class="reasons">
            ${report.status.reasons.slice(0, 3).map((reason) => markup`<li>${reason}</li>`)}
          </ul>`
    }
  </li>`;
}

/** `1 error`, `2 errors`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `2026-11-24 19:04 UTC`. */
export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A stage named with a link to its section. */
export function stageReference(id: string, text: string): Html {
  return reference(`stage-${id}`, text);
}
