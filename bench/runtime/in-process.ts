/**
 * The request path alone: each app in this process, requests injected one after another (no sockets, no load
 * generator competing for the CPU), on the same seeded PostgreSQL database. Reports microseconds per request.
 * Usage: node in-process.ts <database-url> <orgId> <bookingId> [requests]
 */
import type { FastifyInstance } from 'fastify';
import { buildHandWrittenApp } from './hand-written-fastify.ts';
import { buildKeelApp } from './keel-app.ts';

export async function microsecondsPerRequest(app: FastifyInstance, url: string, requests: number): Promise<number> {
  for (let i = 0; i < Math.min(2000, requests); i++) await app.inject(url);
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const response = await app.inject(url);
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
  }
  return ((performance.now() - started) * 1000) / requests;
}

export async function compareInProcess(
  databaseUrl: string,
  path: string,
  requests: number,
): Promise<{ keel: number; fastify: number }> {
  const keel = await buildKeelApp(databaseUrl);
  const fastify = await buildHandWrittenApp(databaseUrl);
  try {
    // Alternate, three times each, and keep the best: the machine's noise only ever adds time.
    const times = { keel: [] as number[], fastify: [] as number[] };
    for (let round = 0; round < 3; round++) {
      times.keel.push(await microsecondsPerRequest(keel.fastify, path, requests));
      times.fastify.push(await microsecondsPerRequest(fastify, path, requests));
    }
    return { keel: Math.min(...times.keel), fastify: Math.min(...times.fastify) };
  } finally {
    await keel.close();
    await fastify.close();
  }
}

if (import.meta.main) {
  const [url, orgId, bookingId, requests = '5000'] = process.argv.slice(2) as [string, string, string, string?];
  const result = await compareInProcess(url, `/v1/orgs/${orgId}/bookings/${bookingId}`, Number(requests));
  process.stdout.write(
    `GET one booking in-process: Keel ${result.keel.toFixed(1)} µs, Fastify ${result.fastify.toFixed(1)} µs per request\n`,
  );
}
