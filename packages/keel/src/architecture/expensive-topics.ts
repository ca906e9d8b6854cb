/**
 * The decision topics that are expensive to reverse once code and data depend on them: each needs an accepted decision
 * record before the contract is written.
 */
export const expensiveTopics = [
  'persistence',
  'tenancy',
  'authentication',
  'api-versioning',
  'error-format',
  'identifiers',
  'pagination',
] as const;

export type ExpensiveTopic = (typeof expensiveTopics)[number];
