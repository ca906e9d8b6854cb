export { organisationExists } from './organisation-exists.ts';
export { organisationHandlers } from './organisation-handlers.ts';
