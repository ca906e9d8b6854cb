/**
 * Serves one of the compared Conduit apps in this process, for run.ts to load from another, and prints `listening`.
 * Usage: node serve-peer.ts keel|fastify|express|nest <database-url> <port>
 */
import { fileURLToPath } from 'node:url';
import { createApp } from 'keel';
import { buildExpressConduit } from './express-conduit.ts';
import { buildFastifyConduit } from './fastify-conduit.ts';
import { buildNestConduit } from './nest-conduit.js';

const [which, url, port] = process.argv.slice(2) as [string, string, string];
const conduit = fileURLToPath(new URL('../../examples/conduit', import.meta.url));

interface Served {
  close(): Promise<void>;
}
let served: Served;
if (which === 'keel') {
  // As `keel serve` runs it in production: no response validation, logs at warn. Rate limits off: one client here
  // sends tens of thousands of requests a second, which production limits would refuse.
  const app = await createApp({
    dir: conduit,
    databaseUrl: url,
    mode: 'production',
    migrate: false,
    logger: { level: 'warn' },
    runtime: { rateLimits: { read: 'off', write: 'off', public: 'off' } },
  });
  await app.listen({ port: Number(port) });
  served = app;
} else if (which === 'fastify') {
  const app = await buildFastifyConduit(url);
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  served = app;
} else if (which === 'express') {
  const app = await buildExpressConduit(url);
  await app.listen(Number(port));
  served = app;
} else if (which === 'nest') {
  const app = await buildNestConduit(url);
  await app.listen(Number(port));
  served = app;
} else throw new Error(`unknown app ${which}`);
process.stdout.write('listening\n');
process.once('SIGTERM', () => {
  void served.close().finally(() => process.exit(0));
});
