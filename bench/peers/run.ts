/**
 * Conduit against its peers: examples/conduit served by Keel, and the same three endpoints hand-written on Fastify,
 * Express 5 and NestJS with the same SQL (conduit-sql.ts), on one PostgreSQL database with the same data, each app in
 * its own process, loaded from this one over loopback.
 * Usage: node run.ts [--rounds N] [--duration S] [--connections C] [--apps keel,fastify,express,nest] [--json]
 * Method and figures: ../README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { deepStrictEqual } from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createConduitBenchDatabase } from './conduit-database.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    apps: { type: 'string', default: 'keel,fastify,express,nest' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const connections = Number(values.connections);
const apps = values.apps.split(',');
const endpoints = ['GET /articles (20 with authors)', 'GET /articles/{slug}', 'POST /articles'] as const;
type Endpoint = (typeof endpoints)[number];
const log = (line: string) => {
  if (!values.json) process.stderr.write(line + '\n');
};

const bench = await createConduitBenchDatabase();
try {
  const results: Record<
    string,
    Record<string, { rps: number[]; p99: number[]; errors: number; statuses: Record<string, number> }>
  > = {};
  const firstAnswers = new Map<string, unknown>();
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so that no app always runs first, or last, on a machine whose speed drifts.
    const order = apps.map((_, index) => apps[(index + round) % apps.length] as string);
    for (const app of order) {
      const port = await freePort();
      const server = await startServer(app, bench.url, port);
      const base = `http://127.0.0.1:${port}`;
      try {
        if (round === 0) await checkSameAnswers(app, base, firstAnswers);
        await load(base, requestFor('GET /articles (20 with authors)', ''), 3); // warm-up (JIT), not recorded
        for (const endpoint of endpoints) {
          const token = endpoint === 'POST /articles' ? await bench.token() : '';
          const result = await load(base, requestFor(endpoint, token), duration);
          const entry = ((results[endpoint] ??= {})[app] ??= { rps: [], p99: [], errors: 0, statuses: {} });
          entry.rps.push(result.requests.average);
          entry.p99.push(result.latency.p99);
          entry.errors += result.errors + result.timeouts + result.non2xx;
          for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
            entry.statuses[status] = (entry.statuses[status] ?? 0) + (count ?? 0);
          }
          log(
            `round ${round + 1} ${app.padEnd(8)} ${endpoint.padEnd(32)} ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`,
          );
        }
      } finally {
        server.kill('SIGTERM');
        await once(server, 'exit');
        await bench.reset();
      }
    }
  }
  const summary = endpoints.map((endpoint) => {
    const byApp = results[endpoint] ?? {};
    const keel = byApp['keel'];
    const peers = Object.fromEntries(
      apps.map((app) => {
        const entry = byApp[app];
        // Ratios within a round (the apps measured minutes apart at most), then their median.
        const ratios = (keel?.rps ?? []).map((rps, index) => rps / (entry?.rps[index] ?? Number.NaN));
        return [
          app,
          {
            rps: Math.round(median(entry?.rps ?? [])),
            p99Ms: median(entry?.p99 ?? []),
            errors: entry?.errors ?? 0,
            statuses: entry?.statuses ?? {},
            keelRatio: Number(median(ratios).toFixed(2)),
            roundRatios: ratios.map((ratio) => Number(ratio.toFixed(2))),
          },
        ];
      }),
    );
    return { endpoint, apps: peers };
  });
  const settings = { rounds, durationSeconds: duration, connections, node: process.version };
  if (values.json) process.stdout.write(JSON.stringify({ settings, summary }, null, 2) + '\n');
  else {
    process.stdout.write(`\n${rounds} rounds of ${duration} s, ${connections} connections, medians:\n\n`);
    process.stdout.write(
      '| endpoint | app | req/s | p99 | Keel ÷ app (median of rounds) | per round |\n|---|---|---|---|---|---|\n',
    );
    for (const row of summary) {
      for (const [app, entry] of Object.entries(row.apps)) {
        process.stdout.write(
          `| ${row.endpoint} | ${app} | ${entry.rps} | ${entry.p99Ms} ms | ${entry.keelRatio}x | ${entry.roundRatios.join(' ')} |\n`,
        );
      }
    }
  }
  const failed = summary.flatMap((row) =>
    Object.entries(row.apps)
      .filter(([, entry]) => entry.errors > 0)
      .map(([app, entry]) => `${row.endpoint} on ${app}: ${entry.errors} (statuses ${JSON.stringify(entry.statuses)})`),
  );
  if (failed.length > 0) {
    process.stderr.write(`errors or non-2xx answers during the run: ${failed.join('; ')}\n`);
    process.exitCode = 1;
  }
} finally {
  await bench.drop();
}

type Request = autocannon.Request;

function requestFor(endpoint: Endpoint, token: string): Request {
  let i = 0;
  if (endpoint === 'GET /articles (20 with authors)') return { method: 'GET', path: '/articles' };
  if (endpoint === 'GET /articles/{slug}') {
    return {
      method: 'GET',
      setupRequest: (request) => ({ ...request, path: `/articles/${bench.slugs[i++ % bench.slugs.length] ?? ''}` }),
    };
  }
  return {
    method: 'POST',
    path: '/articles',
    headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify({
        article: {
          title: `Bench article ${i++}`,
          description: 'Measured',
          body: 'Created under load.',
          tagList: ['bench', 'load'],
        },
      }),
    }),
  };
}

/** Every app must answer the reads with the same JSON as the first one checked (Keel's, when it runs): same work. */
async function checkSameAnswers(app: string, base: string, first: Map<string, unknown>): Promise<void> {
  for (const path of ['/articles', `/articles/${bench.slugs[0] ?? ''}`]) {
    const response = await fetch(base + path);
    const body: unknown = await response.json();
    if (!first.has(path)) first.set(path, body);
    else deepStrictEqual(body, first.get(path), `${app} answers ${path} differently`);
  }
}

async function load(base: string, request: Request, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url: base, connections, duration: seconds, requests: [request] });
}

async function startServer(which: string, databaseUrl: string, port: number): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./serve-peer.ts', import.meta.url));
  const child = spawn(process.execPath, [script, which, databaseUrl, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${which} exited with ${String(code)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes('listening\n')) resolve();
    });
  });
  return child;
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
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
