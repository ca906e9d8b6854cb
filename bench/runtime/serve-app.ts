/**
 * Serves one of the compared apps in this process, for run.ts to load from another.
 * Usage: node serve-app.ts keel|fastify <database-url> <port>
 */
import { buildHandWrittenApp } from './hand-written-fastify.ts';
import { buildKeelApp } from './keel-app.ts';

const [which, url, port] = process.argv.slice(2) as [string, string, string];
const app = which === 'keel' ? (await buildKeelApp(url)).fastify : await buildHandWrittenApp(url);
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once('SIGTERM', () => {
  void app.close();
});
