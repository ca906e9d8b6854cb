import { defineHandlers } from 'keel';
import { articleHandlers } from './articles/index.ts';
import { commentHandlers } from './comments/index.ts';
import type { operations } from './generated/openapi.ts';
import { profileHandlers } from './profiles/index.ts';
import type { DB } from './shared/index.ts';
import { userHandlers } from './users/index.ts';

/**
 * The composition root: one handler per operation of openapi.yaml, gathered from the modules of architecture.yaml.
 * `defineHandlers` refuses to compile while an operation has no handler or a handler's types disagree with the contract.
 */
export const handlers = defineHandlers<operations, DB>()({
  ...userHandlers,
  ...profileHandlers,
  ...articleHandlers,
  ...commentHandlers,
});
