export type { DB } from '../generated/database.ts';
export { profileOf, type ProfileRow } from './profile.ts';
export { viewerOf } from './viewer.ts';
