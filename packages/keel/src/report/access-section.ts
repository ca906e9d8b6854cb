import { anchorId, markup } from './markup.ts';
import type { Tone } from './markdown-html.ts';
import { outputHtml } from './output-html.ts';
import type { ReportData } from './report-data.ts';
import type { StageBody } from './stage-section.ts';

/** The access matrix from the access stage's evidence: an operation per row, a role per column. */
export function accessBody(data: ReportData): StageBody {
  const matrix = data.stages.find((stage) => stage.id === 'access')?.evidence?.outputs['access-matrix.md'];
  const tests = data.models.access?.tests;
  return {
    consumed: ['access-matrix.md'],
    body: markup`<h3 id="access-matrix">Access matrix</h3>
      ${
        matrix === undefined
          ? markup`<p class="quiet">
              No access matrix: the access stage has no evidence yet (<code>keel check access</code>).
            </p>`
          : outputHtml('access-matrix.md', matrix, {
              skipTitle: true,
              cellTone,
              rowId: (cell) => anchorId('access', cell.split(' ')[0] ?? cell),
            })
      }${tests === undefined ? '' : markup`<p class="quiet">Policy tests in <code>${tests.file}</code>: ${tests.tests.length}.</p>`}`,
  };
}

function cellTone(text: string): Tone | undefined {
  if (text === 'deny') return 'neutral';
  if (text.startsWith('allow') && text.includes(' where ')) return 'warn';
  if (text.startsWith('allow')) return 'good';
  return undefined;
}
