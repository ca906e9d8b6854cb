/**
 * Runtime benchmark: Keel against hand-written Fastify, on PostgreSQL, loaded from this process on loopback: the
 * contract's own cost on a read and a write, and a signed-in read with authentication, authorisation and row-level security.
 * Usage: node run.ts [--rounds N] [--duration S] [--connections C] [--json]
 * Method and figures: ../README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createBenchDatabase, type Fixture } from './bench-database.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const connections = Number(values.connections);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const log = (line: string) => {
  if (!values.json) process.stderr.write(line + '\n');
};

/**
 * Each pair is Keel and the hand-written app doing the same work: the contract alone (validation, serialisation,
 * request ids, ETags), and a signed-in read (a bearer token verified, the caller's membership read, the tenant filter;
 * on Keel's side also the transaction as the application role that row-level security needs).
 */
const pairs = [
  { keel: 'keel', fastify: 'fastify', endpoints: ['GET one booking'] },
  {
    keel: 'keel-signed-in',
    fastify: 'fastify-signed-in',
    endpoints: ['GET one booking, signed in', 'POST a booking, signed in'],
  },
] as const;

const bench = await createBenchDatabase();
const { fixture, url: databaseUrl } = bench;

try {
  const results: Record<
    string,
    Record<string, { rps: number[]; p99: number[]; errors: number; statuses: Record<string, number> }>
  > = {};
  let run = 0;
  for (let round = 0; round < rounds; round++) {
    for (const pair of pairs) {
      // Alternate the order each round so neither app always runs on a warmer machine.
      const names = round % 2 === 0 ? [pair.keel, pair.fastify] : [pair.fastify, pair.keel];
      for (const name of names) {
        const port = await freePort();
        const { server, token } = await startServer(name, databaseUrl, port, fixture.memberId);
        const side = name.startsWith('keel') ? 'keel' : 'fastify';
        try {
          const base = `http://127.0.0.1:${port}`;
          await load(base, getRequest(fixture, token), 3); // warm-up (JIT), not recorded
          for (const endpoint of pair.endpoints) {
            const request = endpoint.startsWith('POST')
              ? postRequest(fixture, run++, token)
              : getRequest(fixture, token);
            const result = await load(base, request, duration);
            const entry = ((results[endpoint] ??= {})[side] ??= { rps: [], p99: [], errors: 0, statuses: {} });
            entry.rps.push(result.requests.average);
            entry.p99.push(result.latency.p99);
            entry.errors += result.errors + result.timeouts + result.non2xx;
            for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
              entry.statuses[status] = (entry.statuses[status] ?? 0) + (count ?? 0);
            }
            log(
              `round ${round + 1} ${name.padEnd(17)} ${endpoint.padEnd(26)} ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`,
            );
          }
        } finally {
          server.kill('SIGTERM');
          await once(server, 'exit');
        }
      }
    }
  }
  const summary = Object.entries(results).map(([endpoint, byApp]) => {
    const keel = byApp['keel'];
    const fastify = byApp['fastify'];
    // This machine's speed drifts by half over minutes, so the ratio is taken within each round (both apps measured
    // back to back) and the median of those ratios reported, not the ratio of two medians.
    const ratios = (keel?.rps ?? []).map((rps, index) => rps / (fastify?.rps[index] ?? Number.NaN));
    const side = (entry: typeof keel) => ({
      rps: Math.round(median(entry?.rps ?? [])),
      p99Ms: median(entry?.p99 ?? []),
      errors: entry?.errors ?? 0,
      statuses: entry?.statuses ?? {},
    });
    return {
      endpoint,
      keel: side(keel),
      fastify: side(fastify),
      ratio: Number(median(ratios).toFixed(3)),
      roundRatios: ratios.map((ratio) => Number(ratio.toFixed(3))),
    };
  });
  const settings = { rounds, durationSeconds: duration, connections, node: process.version };
  if (values.json) {
    process.stdout.write(JSON.stringify({ settings, summary }, null, 2) + '\n');
  } else {
    process.stdout.write(`\n${rounds} rounds of ${duration} s, ${connections} connections, medians:\n\n`);
    process.stdout.write(
      '| endpoint | Keel req/s | Keel p99 | Fastify req/s | Fastify p99 | ratio (median of rounds) | per round |\n' +
        '|---|---|---|---|---|---|---|\n',
    );
    for (const row of summary) {
      process.stdout.write(
        `| ${row.endpoint} | ${row.keel.rps} | ${row.keel.p99Ms} ms | ${row.fastify.rps} | ${row.fastify.p99Ms} ms | ` +
          `${row.ratio}x | ${row.roundRatios.join(' ')} |\n`,
      );
    }
  }
  const failed = summary.filter((row) => row.keel.errors > 0 || row.fastify.errors > 0);
  if (failed.length > 0) {
    process.stderr.write(`errors or non-2xx answers during the run: ${JSON.stringify(failed)}\n`);
    process.exitCode = 1;
  }
} finally {
  await bench.drop();
}

type Request = autocannon.Request;

function getRequest(fixture: Fixture, token: string): Request {
  let i = 0;
  return {
    method: 'GET',
    ...(token === '' ? {} : { headers: { authorization: `Bearer ${token}` } }),
    setupRequest(request) {
      const id = fixture.bookingIds[i++ % fixture.bookingIds.length] as string;
      return { ...request, path: `/v1/orgs/${fixture.orgId}/bookings/${id}` };
    },
  };
}

/**
 * Every POST books a new hour, so none overlaps: each run starts a million hours (114 years) after the previous one,
 * more than any run can use.
 */
function postRequest(fixture: Fixture, run: number, token: string): Request {
  let i = 0;
  const base = Date.UTC(2030, 0, 1) + run * 1_000_000 * 3600 * 1000;
  return {
    method: 'POST',
    path: `/v1/orgs/${fixture.orgId}/bookings`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    setupRequest(request) {
      const start = base + i++ * 3600 * 1000;
      return {
        ...request,
        body: JSON.stringify({
          resourceId: fixture.resourceId,
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 1800 * 1000).toISOString(),
        }),
      };
    },
  };
}

async function load(base: string, request: Request, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url: base, connections, duration: seconds, requests: [request] });
}

/** Starts an app in its own process; resolves once it listens, with the token it printed (empty when none). */
async function startServer(
  which: string,
  databaseUrl: string,
  port: number,
  memberId: string,
): Promise<{ server: ChildProcess; token: string }> {
  const child = spawn(process.execPath, [here('./serve-app.ts'), which, databaseUrl, String(port), memberId], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  const token = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${which} exited with ${String(code)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const line = /^listening ?(.*)\n/m.exec(printed);
      if (line !== null) resolve(line[1] ?? '');
    });
  });
  return { server: child, token };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
