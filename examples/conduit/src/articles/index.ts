export { articleHandlers } from './article-handlers.ts';
export { articleBySlug } from './article-query.ts';
