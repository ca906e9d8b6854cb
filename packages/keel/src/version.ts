import { readFileSync } from 'node:fs';

/** The version of this Keel, from its package.json; evidence records it, and a new version re-checks every stage. */
export const keelVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
