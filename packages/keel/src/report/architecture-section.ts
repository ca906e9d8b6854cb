import { anchorId, markup } from './markup.ts';
import { outputHtml } from './output-html.ts';
import type { ReportData } from './report-data.ts';
import type { StageBody } from './stage-section.ts';

/** The module diagram from the architecture stage's evidence, and the decision records. */
export function architectureBody(data: ReportData): StageBody {
  const diagram = data.stages.find((stage) => stage.id === 'architecture')?.evidence?.outputs['architecture.mmd'];
  const decisions = data.models.architecture?.decisions ?? [];
  const modules = new Set(data.models.architecture?.modules.map((module) => module.name) ?? []);
  return {
    consumed: ['architecture.mmd'],
    body: markup`<h3 id="modules">Modules</h3>
      ${
        diagram === undefined
          ? markup`<p class="quiet">
              No module diagram: the architecture stage has no evidence yet (<code>keel check architecture</code>).
            </p>`
          : markup`<p class="quiet">
                Modules are boxes, external systems hexagons; dashed arrows are allowed dependencies, solid arrows data
                flows.
              </p>
              ${outputHtml('architecture.mmd', diagram, {
                idPrefix: 'modules',
                rowId: (title) => (modules.has(title) ? anchorId('module', title) : undefined),
              })}`
      }
      <h3 id="decisions">Decisions</h3>
      ${
        decisions.length === 0
          ? markup`<p class="quiet">No decision records could be read.</p>`
          : markup`<div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">decision</th>
                    <th scope="col">title</th>
                    <th scope="col">status</th>
                    <th scope="col">record</th>
                  </tr>
                </thead>
                <tbody>
                  ${decisions.map(
                    (decision) =>
                      markup`<tr id="${anchorId('decision', decision.id === '' ? decision.file : decision.id)}">
                        <td><code>${decision.id}</code></td>
                        <td>${decision.title}</td>
                        <td>
                          <span class="badge decision-${decision.status ?? 'none'}"
                            >${decision.status ?? 'no status'}</span
                          >
                        </td>
                        <td class="location">${decision.file}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`,
  };
}
