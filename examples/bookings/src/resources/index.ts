export { resourceHandlers } from './resource-handlers.ts';
export { resourceInOrganisation } from './resource-in-organisation.ts';
