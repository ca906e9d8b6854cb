import type { LoaderRule } from '../journey/stage.ts';

/** The loader's rule for `architecture.yaml`: the file has its shape. */
export const architectureSchemaRule: LoaderRule = {
  id: 'architecture/schema',
  severity: 'error',
  summary: 'architecture.yaml matches its schema.',
  fix: 'Correct the entry at the line given (docs/architecture.md shows the format; the published schema completes it in editors).',
};

/** The loader's rule for decision records: each starts with front matter giving its id, title, status and topics. */
export const decisionFrontMatterRule: LoaderRule = {
  id: 'architecture/decision-front-matter',
  severity: 'error',
  summary: 'Each decision record has front matter with id, title, status and topics.',
  fix: 'Start the record with YAML between two `---` lines: id (ADR-NNNN), title, status (proposed, accepted, superseded or rejected) and topics (see docs/architecture.md).',
};
