import { markup, raw, resolveReferences } from './markup.ts';
import { overviewSection, shownState, stageTitle } from './overview-section.ts';
import type { ReportData } from './report-data.ts';
import { reportStyle } from './report-style.ts';
import { stageSection } from './stage-section.ts';
import { stateWords } from './stage-words.ts';
import { traceabilitySection } from './traceability-section.ts';

/**
 * The report as one HTML document: no script, no request (its content security policy forbids both), every section
 * an anchor in the table of contents. Every link to an anchor the page does not define is turned into plain text.
 *
 * @example
 * await writeFile('.keel/report/index.html', renderReport(await gatherReportData(project, stages)));
 */
export function renderReport(data: ReportData, fingerprint?: string): string {
  const commit = data.stages
    .map((stage) => stage.evidence?.commit)
    .find((value) => value !== undefined && value !== null);
  const page = markup`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
        />
        <meta name="referrer" content="no-referrer" />
        <meta name="generator" content="Keel ${data.keelVersion}" />
        ${fingerprint === undefined ? '' : markup`<meta name="keel-fingerprint" content="${fingerprint}" />`}
        <title>${data.projectName}: Keel journey report</title>
        <style>
          ${raw(reportStyle)}
        </style>
      </head>
      <body>
        <div class="layout">
          <nav class="toc" aria-label="Sections">
            <div class="brand">${data.projectName}</div>
            <ol>
              <li>
                <a href="#overview"><span class="dot"></span>The journey</a>
              </li>
              <li>
                <a href="#traceability"><span class="dot"></span>Traceability</a>
              </li>
              ${data.stages.map((stage, index) => {
                const state = shownState(stage);
                return markup`<li>
                  <a href="#stage-${stage.id}" title="${stateWords[state]}"
                    ><span class="dot state-${state}"></span>${index + 1}. ${stageTitle(stage)}</a
                  >
                </li>`;
              })}
            </ol>
          </nav>
          <main>
            <header class="page">
              <div class="eyebrow">Keel journey report</div>
              <h1>${data.projectName}</h1>
              <p class="quiet">
                Generated ${data.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by Keel
                ${data.keelVersion} from the evidence in <code>.keel/evidence/</code>${
                  commit === undefined || commit === null
                    ? ''
                    : markup`, commit
                        <code>${commit.sha.slice(0, 12)}</code>${commit.dirty ? ' (with uncommitted changes)' : ''}`
                }.
                Nothing was re-checked to write it.
              </p>
            </header>
            ${overviewSection(data)} ${traceabilitySection(data)}
            ${data.stages.map((stage, index) => stageSection(data, stage, index + 1))}
            <footer>
              <p>
                Static and offline: this page loads nothing and runs no script. <code>keel journey</code> or
                <code>keel report</code> writes it again.
              </p>
            </footer>
          </main>
        </div>
      </body>
    </html> `;
  return resolveReferences(page.value);
}
