export { computeChange, type Change, type ChangedFile } from './git-change.ts';
export { keelPlugin, keelRules } from './eslint-plugin/index.ts';
export { renderReviewMarkdown, renderReviewText, reviewSarif } from './render-review.ts';
export { loadReviewConfig, type ReviewConfig, type ReviewOverride } from './review-config.ts';
export {
  reviewSeverities,
  type ReviewCounts,
  type ReviewFinding,
  type ReviewSeverity,
  type ReviewSource,
} from './review-finding.ts';
export { reviewRules, type ReviewRule } from './review-rules.ts';
export { reviewStage } from './review-stage.ts';
export { runReview, type ReviewOptions, type ReviewReport } from './run-review.ts';
