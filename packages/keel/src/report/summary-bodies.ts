import { markup } from './markup.ts';
import { shownState, stageTitle } from './overview-section.ts';
import type { ReportData } from './report-data.ts';
import type { StageBody } from './stage-section.ts';
import { stateWords } from './stage-words.ts';
import { traceabilityMatrix } from './traceability-matrix.ts';

/** What requirements.yaml declares, in numbers, and its measurable targets. */
export function requirementsBody(data: ReportData): StageBody {
  const requirements = data.models.requirements;
  if (requirements === undefined) {
    return {
      consumed: [],
      body: markup`<p class="quiet">requirements.yaml could not be read: see the findings below.</p>`,
    };
  }
  const criteria = requirements.operations.reduce((total, operation) => total + operation.acceptance.length, 0);
  return {
    consumed: [],
    body: markup`<dl class="facts">
        <div>
          <dt>service</dt>
          <dd>${requirements.service.name}</dd>
        </div>
        <div>
          <dt>actors</dt>
          <dd>${requirements.actors.length}</dd>
        </div>
        <div>
          <dt>operations</dt>
          <dd>${requirements.operations.length}</dd>
        </div>
        <div>
          <dt>acceptance criteria</dt>
          <dd>${criteria}</dd>
        </div>
        <div>
          <dt>business rules</dt>
          <dd>${requirements.rules.length}</dd>
        </div>
        <div>
          <dt>targets</dt>
          <dd>${requirements.nonFunctional.length}</dd>
        </div>
      </dl>
      <p>${requirements.service.purpose}</p>`,
  };
}

/**
 * Acceptance coverage from the trace (criteria that a test cites), beside whatever the tests stage keeps in its
 * evidence (its mutation score among it).
 */
export function testsBody(data: ReportData): StageBody {
  const rows = traceabilityMatrix(data.trace, data.operationTables);
  const criteria = rows.reduce((total, row) => total + row.criteria.length, 0);
  const tested = rows.reduce((total, row) => total + row.testedCriteria.length, 0);
  const ran = data.stages.find((stage) => stage.id === 'tests')?.evidence !== undefined;
  return {
    consumed: [],
    body: markup`<h3 id="acceptance-coverage">Acceptance coverage</h3>
      ${
        ran
          ? markup`<p><strong>${tested} of ${criteria}</strong> acceptance criteria have a test that cites them.</p>`
          : markup`<p class="quiet">
              ${criteria} acceptance criteria, none proven by a test yet: the tests stage has not run. Its mutation
              score appears here once it does.
            </p>`
      }`,
  };
}

/** Release readiness: every stage passing at this commit is what a release needs; what stands in the way. */
export function shipBody(data: ReportData): StageBody {
  const blocking = data.stages.filter((stage) => stage.status.state !== 'passing');
  const commits = new Set(
    data.stages.flatMap((stage) =>
      stage.evidence?.commit === undefined || stage.evidence.commit === null ? [] : [stage.evidence.commit.sha],
    ),
  );
  return {
    consumed: [],
    body: markup`<h3 id="release-readiness">Release readiness</h3>
      ${
        blocking.length === 0
          ? markup`<p class="callout good">
              Every stage passes${commits.size === 1 ? ' at one commit' : ''}: ready to ship.
            </p>`
          : markup`<p class="callout warn">Not ready: ${blocking.length} of 9 stages do not pass.</p>
              <ul>
                ${blocking.map(
                  (stage) =>
                    markup`<li>
                      <a class="ref" href="#stage-${stage.id}">${stageTitle(stage)}</a>:
                      ${stateWords[shownState(stage)]}${stage.status.reasons[0] === undefined ? '' : markup` (${stage.status.reasons[0]})`}
                    </li>`,
                )}
              </ul>`
      }${commits.size > 1 ? markup`<p class="quiet">The evidence comes from ${commits.size} different commits.</p>` : ''}`,
  };
}
