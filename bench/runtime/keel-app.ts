/**
 * Keel serving the flagship (examples/bookings) in production mode, as `keel serve` would, without request logs and
 * without rate limits (the load comes from one address, far above any per-caller limit; the baseline has none).
 */
import { fileURLToPath } from 'node:url';
import { createApp, type KeelApp } from 'keel';

export function buildKeelApp(url: string): Promise<KeelApp> {
  return createApp({
    dir: fileURLToPath(new URL('../../examples/bookings', import.meta.url)),
    databaseUrl: url,
    mode: 'production',
    logger: { level: 'warn' },
    migrate: false,
    runtime: { rateLimits: { read: 'off', write: 'off', public: 'off' } },
  });
}
