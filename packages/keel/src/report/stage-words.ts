import type { StageState } from '../journey/journey-status.ts';
import type { StageId } from '../journey/stage-id.ts';

/** Titles and one-line summaries of the stages this version of Keel has no gate for (the others carry their own). */
export const plannedStages: Readonly<Record<StageId, { readonly title: string; readonly summary: string }>> = {
  requirements: { title: 'requirements', summary: 'What the service must do, for whom, under which rules.' },
  architecture: {
    title: 'architecture',
    summary: 'Modules, their boundaries and the decisions that are expensive to reverse.',
  },
  contract: { title: 'API contract', summary: 'The operations clients build against.' },
  model: { title: 'data model', summary: 'Tables, keys and indexes as reversible migrations.' },
  access: { title: 'access control', summary: 'Who may call each operation, on which rows, and see which fields.' },
  review: {
    title: 'review',
    summary: 'Severity-ranked findings on the change: types, lint, handler rules, contract and migration changes.',
  },
  tests: {
    title: 'tests',
    summary: 'Conformance tests for every operation, a passing test per acceptance criterion, and the mutation score.',
  },
  security: {
    title: 'security',
    summary: 'A running instance attacked the OWASP API Top 10 way; every finding gets a regression test.',
  },
  ship: {
    title: 'ship',
    summary:
      'Release readiness: every stage green at this commit, a version that matches the contract diff, a rollback.',
  },
};

/** How a state reads in the report. */
export const stateWords: Readonly<Record<StageState | 'unavailable', string>> = {
  passing: 'passing',
  failing: 'failing',
  stale: 'stale',
  'not-started': 'not started',
  unavailable: 'not in this version',
};
