import type { ContractOperation } from '../contract/contract-model.ts';
import { formatChangeLocation } from '../contract/diff/change.ts';
import { anchorId, markup, reference, type Html } from './markup.ts';
import type { ContractDiffReport, ReportData } from './report-data.ts';
import type { StageBody } from './stage-section.ts';

/** The contract at a glance (version, versioning, every operation) and its diff with the last release. */
export function contractBody(data: ReportData): StageBody {
  const contract = data.models.contract;
  if (contract === undefined) {
    return { consumed: [], body: markup`<p class="quiet">The contract could not be read: see the findings below.</p>` };
  }
  const versioning = contract.document['x-keel-versioning'];
  const scheme =
    typeof versioning === 'object' && versioning !== null && 'scheme' in versioning
      ? String(versioning.scheme)
      : undefined;
  const operations = contract.operations;
  return {
    consumed: [],
    body: markup`<h3 id="contract-summary">Summary</h3>
      <dl class="facts">
        <div>
          <dt>version</dt>
          <dd><code>${contract.info.version ?? 'none'}</code></dd>
        </div>
        <div>
          <dt>versioning</dt>
          <dd>${scheme === undefined ? markup`<span class="gap">not declared</span>` : scheme}</dd>
        </div>
        <div>
          <dt>operations</dt>
          <dd>${operations.length}</dd>
        </div>
        <div>
          <dt>servers</dt>
          <dd>
            ${contract.servers.length === 0 ? 'none' : contract.servers.map((server) => markup`<code>${server.value}</code> `)}
          </dd>
        </div>
      </dl>
      <div class="table-scroll">
        <table class="operations">
          <thead>
            <tr>
              <th scope="col">operation</th>
              <th scope="col">method and path</th>
              <th scope="col">summary</th>
              <th scope="col">module</th>
              <th scope="col">requirements</th>
              <th scope="col">authentication</th>
            </tr>
          </thead>
          <tbody>
            ${operations.map(operationRow)}
          </tbody>
        </table>
      </div>
      <h3 id="contract-diff">Changes since the last release</h3>
      ${diffHtml(data.contractDiff)}`,
  };
}

function operationRow(operation: ContractOperation): Html {
  const summary = operation.source.value['summary'];
  const security =
    operation.security.length === 0
      ? markup`<span class="badge tone-warn">public</span>`
      : operation.security.map((requirement) => Object.keys(requirement).join(' + ') || 'optional').join(' or ');
  return markup`<tr
    id="${anchorId('op', operation.operationId || operation.name)}"
    ${operation.deprecated ? markup` class="deprecated"` : ''}
  >
    <td>
      <code>${operation.operationId}</code
      >${operation.deprecated ? markup` <span class="badge tone-warn">deprecated</span>` : ''}
    </td>
    <td>
      <span class="method ${operation.method}">${operation.method.toUpperCase()}</span> <code>${operation.path}</code>
    </td>
    <td>${typeof summary === 'string' ? summary : ''}</td>
    <td>${operation.tags.map((tag) => markup`${reference(anchorId('module', tag.value), tag.value)} `)}</td>
    <td>
      ${operation.requirements.map((requirement) => markup`${reference(anchorId('req', requirement.value), markup`<code>${requirement.value}</code>`)} `)}
    </td>
    <td>${security}</td>
  </tr>`;
}

function diffHtml(report: ContractDiffReport): Html {
  switch (report.kind) {
    case 'no-release':
      return markup`<p class="quiet">
        No release yet (<code>releases/&lt;version&gt;/contract/</code>): there is nothing to compare with, so every
        operation is new. <code>keel ship</code> writes the snapshot the next diff starts from.
      </p>`;
    case 'error':
      return markup`<p class="gap">
        The contract of release ${report.release} could not be compared: ${report.message}
      </p>`;
    case 'diff': {
      const { diff } = report;
      if (diff.changes.length === 0) return markup`<p>No change since release ${report.release}.</p>`;
      return markup`<p>
          Since release <code>${report.release}</code>: ${diff.counts.breaking} breaking,
          ${diff.counts['possibly-breaking']} possibly breaking, ${diff.counts['non-breaking']} non-breaking.
        </p>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">level</th>
                <th scope="col">change</th>
                <th scope="col">operations</th>
                <th scope="col">where</th>
              </tr>
            </thead>
            <tbody>
              ${diff.changes.map(
                (change) =>
                  markup`<tr>
                    <td><span class="badge change-${change.level}">${change.level.replace('-', ' ')}</span></td>
                    <td>${change.message} <code class="rule">${change.id}</code></td>
                    <td>${change.operations.map((operation) => markup`<code>${operation}</code> `)}</td>
                    <td class="location">${formatChangeLocation(change.head)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
    }
  }
}
