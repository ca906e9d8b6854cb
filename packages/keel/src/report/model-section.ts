import type { ModelMigration } from '../model/model-model.ts';
import { anchorId, markup, type Html } from './markup.ts';
import type { Tone } from './markdown-html.ts';
import { outputHtml } from './output-html.ts';
import type { ReportData, StageReport } from './report-data.ts';
import type { StageBody } from './stage-section.ts';

/** Rules whose findings mean a migration's rollback was not proven (or loses data). */
const rollbackRules = new Set(['model/irreversible-migration', 'model/down-loses-data']);

/** The migrations with their rollback proof, the tables they leave, and the query plans on seeded data. */
export function modelBody(data: ReportData): StageBody {
  const report = data.stages.find((stage) => stage.id === 'model');
  const model = data.models.model;
  const plans = report?.evidence?.outputs['query-plans.md'];
  return {
    consumed: ['query-plans.md'],
    body: markup`<h3 id="migrations">Migrations and their rollback proof</h3>
      ${
        model === undefined
          ? markup`<p class="quiet">The migrations could not be read: see the findings below.</p>`
          : markup`<p class="quiet">
                The gate applies every migration on a scratch database, rolls it back and applies it again: the catalog
                after up, down, up must equal the catalog after up.
              </p>
              <div class="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">migration</th>
                      <th scope="col">creates</th>
                      <th scope="col">statements (up / down)</th>
                      <th scope="col">transaction</th>
                      <th scope="col">rollback</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${model.migrations.map((migration) => migrationRow(migration, report, data.migrationHashes.get(migration.file)))}
                  </tbody>
                </table>
              </div>
              <h3 id="tables">Tables</h3>
              <div class="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">table</th>
                      <th scope="col">columns</th>
                      <th scope="col">indexes</th>
                      <th scope="col">created in</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${model.tables.map(
                      (table) =>
                        markup`<tr id="${anchorId('table', table.name)}">
                          <td><code>${table.name}</code></td>
                          <td>
                            ${table.columns.map((column) => markup`<code>${column.name}</code> <span class="quiet">${column.type.text}</span><br />`)}
                          </td>
                          <td>
                            ${table.indexes.map((index) => markup`<code>${index.name}</code> <span class="quiet">${index.origin} (${index.keys.map((key) => key.text).join(', ')})</span><br />`)}
                          </td>
                          <td>${table.createdIn}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
      <h3 id="query-plans">Query plans</h3>
      ${
        plans === undefined
          ? markup`<p class="quiet">
              No query plans in the evidence: the gate explains the queries of <code>queries.yaml</code> on seeded data
              once every migration is proven.
            </p>`
          : outputHtml('query-plans.md', plans, { headingTone: planTone, skipTitle: true })
      }`,
  };
}

function planTone(heading: string): Tone | undefined {
  if (heading.endsWith(': uses indexes')) return 'good';
  if (heading.endsWith(': needs an index') || heading.endsWith(': failed')) return 'bad';
  return undefined;
}

function migrationRow(migration: ModelMigration, report: StageReport | undefined, hash: string | undefined): Html {
  return markup`<tr id="${anchorId('migration', migration.id)}">
    <td>
      <code>${migration.id}</code>
      <div class="sub location">${migration.file}</div>
    </td>
    <td>${migration.creates.map((table) => markup`<code>${table}</code> `)}</td>
    <td class="num">${migration.up.length} / ${migration.down.length}</td>
    <td>${migration.transaction ? 'yes' : 'no (keel:no-transaction)'}</td>
    <td>${rollbackProof(migration, report, hash)}</td>
  </tr>`;
}

/** What the evidence says of one migration's up, down, up proof. */
function rollbackProof(migration: ModelMigration, report: StageReport | undefined, hash: string | undefined): Html {
  const evidence = report?.evidence;
  if (evidence === undefined) return markup`<span class="quiet">not proven yet</span>`;
  if (evidence.inputs[migration.file] === undefined) return markup`<span class="quiet">not proven: added since</span>`;
  if (evidence.inputs[migration.file] !== hash)
    return markup`<span class="badge tone-warn">changed since the proof</span>`;
  if (evidence.findings.some((finding) => finding.rule === 'model/sql-syntax')) {
    return markup`<span class="quiet">not proven: a migration does not parse</span>`;
  }
  const findings = evidence.findings.filter(
    (finding) => rollbackRules.has(finding.rule) && finding.location.file === migration.file,
  );
  if (findings.length === 0) return markup`<span class="badge tone-good">proven</span>`;
  return markup`${findings.map(
    (finding) =>
      markup`<span class="badge ${finding.severity === 'error' ? 'tone-bad' : 'tone-warn'}"
          >${finding.severity === 'error' ? 'not reversible' : 'loses data'}</span
        >
        ${finding.message}<br />`,
  )}`;
}
