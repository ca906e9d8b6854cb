import type { Rule, Stage } from '../journey/stage.ts';
import { keelVersion } from '../version.ts';
import { atLeast, journeySeverity } from './review-finding.ts';
import { reviewRules } from './review-rules.ts';
import type { ReviewReport } from './run-review.ts';

/**
 * A rule of the review as the journey's gate sees it. An error rule reports only its occurrences ranked high or
 * blocker, so that the gate fails exactly where `keel review` does by default; the rest stay in `keel review`'s report.
 */
const gateRules: readonly Rule<ReviewReport>[] = reviewRules.map((rule) => {
  const severity = journeySeverity(rule.severity);
  return {
    id: rule.id,
    severity,
    summary: rule.summary,
    fix: rule.fix,
    run: (report) =>
      report.findings
        .filter((finding) => finding.rule === rule.id)
        .filter((finding) => severity !== 'error' || atLeast(finding.severity, 'high'))
        .map((finding) => ({
          message: `[${finding.severity}] ${finding.message}`,
          at: finding.location,
          fix: finding.fix,
        })),
  };
});

/**
 * Stage 6, review: the change (git diff against the merge-base with the main branch) reviewed with the type check,
 * ESLint with Keel's handler rules, the earlier stages' gates applied to the change, the secret scan and the dependency
 * checks. No change, or no repository, passes: there is nothing to review.
 *
 * @example
 * const [result] = await runGates(project, [reviewStage], stages);
 */
export const reviewStage: Stage<ReviewReport> = {
  id: 'review',
  title: 'review',
  summary: 'Every change is reviewed before it merges: severity-ranked findings on what it introduces.',
  dependsOn: ['architecture', 'contract', 'model', 'access'],
  // The artifact is the change itself: the stage has no file to be missing.
  artifacts: () => [],
  inputs: (project) => [
    'keel.yaml',
    'package.json',
    'tsconfig.json',
    'src/**/*.ts',
    `${project.config.migrations}/*.sql`,
  ],
  async load(context) {
    const { runReview } = await import('./run-review.ts');
    const { repositoryTop } = await import('./git-change.ts');
    if ((await repositoryTop(context.project.root)) === undefined) {
      return { model: emptyReview('the project is not in a git repository: there is no change to review'), issues: [] };
    }
    return { model: await runReview(context.project, { audit: false }), issues: [] };
  },
  loaderRules: [],
  rules: gateRules,
  start: 'Commit your work on a branch and run `keel review` (docs/review.md).',
};

function emptyReview(note: string): ReviewReport {
  return {
    ok: true,
    keelVersion,
    all: false,
    base: undefined,
    head: 'working tree',
    failOn: 'high',
    files: [],
    counts: { blocker: 0, high: 0, medium: 0, low: 0, info: 0 },
    findings: [],
    checks: [],
    notes: [note],
    overrides: [],
    durationMs: 0,
  };
}
