/**
 * Keel serving the flagship's contract and handlers (examples/bookings) in production mode, as `keel serve` would,
 * without request logs, rate limits or access control: the runtime's own cost (routing, validation, serialisation,
 * request ids, ETags, problem details) against the same work written by hand. The project folder is not given, so
 * access.yaml is not read; the cost of authentication, authorisation and row-level security is measured separately.
 */
import { fileURLToPath } from 'node:url';
import { createApp, readMigrations, type KeelApp } from 'keel';
import { handlers } from '../../examples/bookings/src/handlers.ts';

const flagship = (path: string) => fileURLToPath(new URL(`../../examples/bookings/${path}`, import.meta.url));

export async function buildKeelApp(url: string): Promise<KeelApp> {
  return createApp({
    contract: flagship('openapi.yaml'),
    handlers,
    migrations: await readMigrations(flagship('migrations')),
    databaseUrl: url,
    mode: 'production',
    logger: { level: 'warn' },
    migrate: false,
    runtime: { bodyLimit: 65536, rateLimits: { read: 'off', write: 'off', public: 'off' } },
  });
}
