export { profileByUsername, profileHandlers } from './profile-handlers.ts';
