import { anchorId, markup, reference, type Html } from './markup.ts';
import type { ReportData } from './report-data.ts';
import { traceabilityMatrix, type TraceRow } from './traceability-matrix.ts';

/**
 * The traceability matrix: each requirement operation with its acceptance criteria, owning module, contract
 * operations, tables, access rules and tests, each a link to where the report shows it. A gap is marked, not hidden.
 */
export function traceabilitySection(data: ReportData): Html {
  const rows = traceabilityMatrix(data.trace, data.operationTables);
  const testsRun = data.stages.find((stage) => stage.id === 'tests')?.evidence !== undefined;
  const realised = rows.filter((row) => row.operations.length > 0).length;
  const governed = rows.filter((row) => row.accessRules.length > 0).length;
  return markup`<section id="traceability" aria-labelledby="traceability-title">
    <h2 id="traceability-title">Traceability</h2>
    <p class="lead">
      Requirements → operations → tables → access rules → tests. ${realised} of ${rows.length} requirements are realised
      by an operation; ${governed} are governed by an access
      rule.${testsRun ? '' : ' Tests: the tests stage has not run, so no test is traced yet.'}
    </p>
    ${
      rows.length === 0
        ? markup`<p class="quiet">No requirement could be read: see the requirements stage.</p>`
        : markup`<div class="table-scroll">
            <table class="matrix">
              <thead>
                <tr>
                  <th scope="col">requirement</th>
                  <th scope="col">criteria</th>
                  <th scope="col">module</th>
                  <th scope="col">operations</th>
                  <th scope="col">tables</th>
                  <th scope="col">access rules</th>
                  <th scope="col">tests</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((row) => traceRow(row, testsRun))}
              </tbody>
            </table>
          </div>`
    }
  </section>`;
}

function traceRow(row: TraceRow, testsRun: boolean): Html {
  const gap = markup`<span class="gap">none</span>`;
  const list = (items: readonly Html[]) =>
    items.length === 0
      ? gap
      : markup`<ul class="plain">
          ${items.map((item) => markup`<li>${item}</li>`)}
        </ul>`;
  const tests = testsRun
    ? row.tests.length === 0
      ? gap
      : markup`${row.tests.length} (${row.testedCriteria.length} of ${row.criteria.length} criteria)`
    : markup`<span class="quiet nowrap">not run</span>`;
  return markup`<tr id="${anchorId('req', row.requirement.id)}">
    <th scope="row">
      <code>${row.requirement.id}</code>
      <div class="sub">${row.requirement.title}</div>
    </th>
    <td class="num">${row.criteria.length === 0 ? gap : row.criteria.length}</td>
    <td>${list(row.modules.map((module) => reference(anchorId('module', module.id), module.id)))}</td>
    <td>
      ${list(row.operations.map((operation) => reference(anchorId('op', operation.id), markup`<code>${operation.id}</code>`)))}
    </td>
    <td>
      ${row.tables.length === 0 ? markup`<span class="quiet">—</span>` : list(row.tables.map((table) => reference(anchorId('table', table), markup`<code>${table}</code>`)))}
    </td>
    <td>
      ${list(row.accessRules.map((rule) => reference(anchorId('access', rule.id.replace(/^access:/, '')), markup`<code>${rule.id}</code>`)))}
    </td>
    <td>${tests}</td>
  </tr>`;
}
