import { ESLintUtils } from '@typescript-eslint/utils';

/** Keel's handler rules link their documentation in docs/review.md. */
export const createRule = ESLintUtils.RuleCreator((name) => `https://keel.dev/docs/review#keel${name}`);
