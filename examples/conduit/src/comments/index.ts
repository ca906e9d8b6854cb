export { commentHandlers } from './comment-handlers.ts';
