/**
 * Serves one of the compared apps in this process, for run.ts to load from another, and prints `listening`, followed
 * by the bearer token to send when the app is a signed-in one.
 * Usage: node serve-app.ts keel|fastify|keel-signed-in|fastify-signed-in <database-url> <port> [member-id]
 */
import type { FastifyInstance } from 'fastify';
import { buildHandWrittenApp, buildHandWrittenSignedInApp } from './hand-written-fastify.ts';
import { buildKeelApp, buildSignedInKeelApp } from './keel-app.ts';

const [which, url, port, memberId = ''] = process.argv.slice(2) as [string, string, string, string?];
let app: FastifyInstance;
let token = '';
if (which === 'keel') app = (await buildKeelApp(url)).fastify;
else if (which === 'fastify') app = await buildHandWrittenApp(url);
else if (which === 'keel-signed-in') {
  const built = await buildSignedInKeelApp(url, memberId);
  ({ token } = built);
  app = built.app.fastify;
} else if (which === 'fastify-signed-in') ({ app, token } = await buildHandWrittenSignedInApp(url, memberId));
else throw new Error(`unknown app ${which}`);
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write(`listening ${token}\n`);
process.once('SIGTERM', () => {
  void app.close();
});
