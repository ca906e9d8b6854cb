/**
 * A fixed number of requests to one app, one after another, in this process: the workload that instructions.ts runs
 * under callgrind (and that `node --cpu-prof` can profile). The app is served on loopback and called through a
 * keep-alive agent (`http`), or called through Fastify's inject (`inject`), which skips sockets.
 * Usage: node request-loop.ts <keel|fastify> <get|post> <http|inject> <warm-up> <requests> <database-url> <fixture-json> [run]
 * With KEEL_BENCH_CPU_PROFILE=<file>, the measured requests (not start-up, not warm-up) are profiled into that file.
 * The measured requests are bracketed by calls to `os.getPriority()`, which instructions.ts tells callgrind to dump its
 * counts at; with --expose-gc, garbage from start-up and warm-up is collected before the first mark.
 */
import { writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { Session } from 'node:inspector/promises';
import { getPriority } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Fixture } from './bench-database.ts';
import { buildHandWrittenApp, buildHandWrittenSignedInApp } from './hand-written-fastify.ts';
import { buildKeelApp, buildSignedInKeelApp } from './keel-app.ts';

export type Endpoint = 'get' | 'post';
export type Transport = 'http' | 'inject';

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly expected: number;
}

/** The i-th request of an endpoint: GETs cycle through 100 bookings; each POST books its own half hour. */
export function callFor(endpoint: Endpoint, fixture: Fixture, run: number, i: number): Call {
  if (endpoint === 'get') {
    const id = fixture.bookingIds[i % fixture.bookingIds.length] as string;
    return { method: 'GET', path: `/v1/orgs/${fixture.orgId}/bookings/${id}`, expected: 200 };
  }
  const start = Date.UTC(2030, 0, 1) + (run * 1_000_000 + i) * 3600 * 1000;
  const body = JSON.stringify({
    resourceId: fixture.resourceId,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 1800 * 1000).toISOString(),
  });
  return { method: 'POST', path: `/v1/orgs/${fixture.orgId}/bookings`, body, expected: 201 };
}

type Send = (call: Call) => Promise<number>;

/** A function that sends one request to the app and resolves to the status of its answer. */
export async function sender(
  app: FastifyInstance,
  transport: Transport,
  headers: Readonly<Record<string, string>> = {},
): Promise<Send> {
  return transport === 'inject' ? injector(app, headers) : await loopback(app, headers);
}

/** Sends `count` requests, starting at index `first`, waiting for each answer before the next. */
export async function sendRequests(
  send: Send,
  calls: (i: number) => Call,
  first: number,
  count: number,
): Promise<void> {
  for (let i = first; i < first + count; i++) {
    const call = calls(i);
    const status = await send(call);
    if (status !== call.expected) throw new Error(`${call.method} ${call.path} answered ${status}`);
  }
}

function injector(app: FastifyInstance, headers: Readonly<Record<string, string>>): Send {
  return async (call) => {
    const response = await app.inject({
      method: call.method,
      url: call.path,
      headers: call.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(call.body === undefined ? {} : { payload: call.body }),
    });
    return response.statusCode;
  };
}

async function loopback(app: FastifyInstance, headers: Readonly<Record<string, string>>): Promise<Send> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return (call) =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: call.method,
          path: call.path,
          headers: call.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.once('error', reject);
      outgoing.end(call.body);
    });
}

if (import.meta.main) {
  const [which, endpoint, transport, warmUp, requests, url, fixtureJson, run = '0'] = process.argv.slice(2) as [
    'keel' | 'fastify',
    Endpoint,
    Transport,
    string,
    string,
    string,
    string,
    string?,
  ];
  const fixture = JSON.parse(fixtureJson) as Fixture;
  // A booking is made by someone: the POST goes to the signed-in apps, with a member's token.
  const signedIn =
    endpoint !== 'post'
      ? undefined
      : which === 'keel'
        ? await buildSignedInKeelApp(url, fixture.memberId).then(({ app: keel, token }) => ({
            app: keel.fastify,
            token,
          }))
        : await buildHandWrittenSignedInApp(url, fixture.memberId);
  const app = signedIn?.app ?? (which === 'keel' ? (await buildKeelApp(url)).fastify : await buildHandWrittenApp(url));
  const headers = signedIn === undefined ? {} : { authorization: `Bearer ${signedIn.token}` };
  try {
    const calls = (i: number) => callFor(endpoint, fixture, Number(run), i);
    const send = await sender(app, transport, headers);
    await sendRequests(send, calls, 0, Number(warmUp));
    const profile = process.env['KEEL_BENCH_CPU_PROFILE'];
    const session = profile === undefined ? undefined : await startProfiling();
    globalThis.gc?.();
    getPriority();
    await sendRequests(send, calls, Number(warmUp), Number(requests));
    getPriority();
    if (session !== undefined && profile !== undefined) await stopProfiling(session, profile);
  } finally {
    await app.close();
  }
}

async function startProfiling(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfiling(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(file, JSON.stringify(profile));
  session.disconnect();
}
