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

/**
 * Keel serving the flagship as `keel serve` does, access.yaml included: each request's bearer token verified (ES256,
 * Keel's managed keys, revocation checked), the caller's role read from memberships, the operation's rule applied, and
 * the handler's queries run in a transaction as the application role with the tenant and principal set for row-level
 * security. Resolves with a token for the fixture's member.
 */
export async function buildSignedInKeelApp(url: string, memberId: string): Promise<{ app: KeelApp; token: string }> {
  const app = await createApp({
    dir: flagship(''),
    databaseUrl: url,
    mode: 'production',
    logger: { level: 'warn' },
    migrate: false,
    runtime: { rateLimits: { read: 'off', write: 'off', public: 'off' } },
  });
  const identity = app.identity;
  if (identity === undefined) throw new Error('the flagship’s access.yaml has no Keel-managed keys');
  return { app, token: (await identity.issueTokensFor(memberId)).accessToken };
}
