/**
 * Instructions per request, counted by valgrind's callgrind: Keel and the hand-written app each serve a fixed number
 * of requests in-process (request-loop.ts). Counts do not depend on the machine's speed or on what else runs, so a
 * change to the request path can be measured to a fraction of a percent where wall-clock times drift by half.
 *
 * request-loop.ts calls `os.getPriority()` just before and just after the measured requests; callgrind is told to dump
 * its counts whenever libuv's `uv_os_getpriority` is entered, so the second dump holds the measured requests alone, with
 * start-up, warm-up and exit left out. V8 runs in its predictable mode (`--predictable --predictable-gc-schedule`: one
 * thread, and a garbage-collection schedule that depends on allocation alone, not on timers), so that the same run
 * counts the same to within 0.1%; without it a major collection falls inside one window and not another, and counts
 * of the same build differ by 15%. With --expose-gc, each window starts on a collected heap. Instructions spent in
 * V8's optimising compilers (Maglev, Turbofan) are not counted: they are one-time work, still going on thousands of
 * requests into a run, that a long enough warm-up would leave out anyway.
 *
 * Usage: node instructions.ts [--transport http|inject] [--endpoints get,post] [--apps keel,fastify]
 *                             [--warm-up N] [--requests N] [--jobs N] [--keep DIR] [--json]
 * --keep keeps callgrind's files, for callgrind_annotate (V8's builtins and garbage collector have symbols; code the
 * JIT compiled does not).
 * Method and figures: ../README.md.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createBenchDatabase, type Fixture } from './bench-database.ts';

const { values } = parseArgs({
  options: {
    transport: { type: 'string', default: 'http' },
    endpoints: { type: 'string', default: 'get,post' },
    apps: { type: 'string', default: 'keel,fastify' },
    'warm-up': { type: 'string', default: '2000' },
    requests: { type: 'string', default: '2000' },
    keep: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const endpoints = values.endpoints.split(',');
const apps = values.apps.split(',');
const warmUp = Number(values['warm-up']);
const requests = Number(values.requests);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const log = (line: string) => {
  if (!values.json) process.stderr.write(line + '\n');
};

interface Case {
  readonly app: string;
  readonly endpoint: string;
}

const run = promisify(execFile);
let runs = 0;

/** Instructions of one process serving `requests` measured requests, counted between the two marks. */
async function countInstructions(item: Case, url: string, fixture: Fixture): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'keel-callgrind-'));
  const out = join(folder, `${item.app}-${item.endpoint}.out`);
  try {
    await run(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${out}`,
        '--dump-before=uv_os_getpriority',
        // V8's optimising compilers are one-time work that a longer warm-up would leave out of the window.
        '--toggle-collect=v8::internal::Compiler::CompileOptimized*',
        '--collect-atstart=yes',
        process.execPath,
        '--predictable',
        '--predictable-gc-schedule',
        '--expose-gc',
        here('./request-loop.ts'),
        item.app,
        item.endpoint,
        values.transport,
        String(warmUp),
        String(requests),
        url,
        JSON.stringify(fixture),
        // Every process books its own hours, so no POST overlaps another run's.
        String(++runs),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // Dump 1 ends at the first mark (start-up and warm-up), dump 2 at the second: the measured requests.
    const window = await readFile(`${out}.2`, 'utf8');
    const totals = /^(?:summary|totals): (\d+)/m.exec(window);
    if (totals === null) throw new Error(`no totals in ${out}.2`);
    if (values.keep !== undefined) {
      await mkdir(values.keep, { recursive: true });
      await cp(`${out}.2`, join(values.keep, `${item.app}-${item.endpoint}.callgrind`));
    }
    return Number(totals[1]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs jobs with at most `limit` at a time: counts are per process, so parallel runs do not disturb each other. */
async function inParallel<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await (jobs[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const database = await createBenchDatabase();
try {
  const cases: Case[] = endpoints.flatMap((endpoint) => apps.map((app) => ({ app, endpoint })));
  const jobs = cases.map((item) => async () => {
    const total = await countInstructions(item, database.url, database.fixture);
    log(`${item.app} ${item.endpoint}: ${total} instructions in ${requests} requests`);
    return total;
  });
  const totals = await inParallel(jobs, Number(values.jobs));
  const perRequest = cases.map((item, index) => ({
    ...item,
    instructions: Math.round((totals[index] ?? 0) / requests),
  }));
  const summary = endpoints.map((endpoint) => {
    const keel = perRequest.find((row) => row.endpoint === endpoint && row.app === 'keel')?.instructions;
    const fastify = perRequest.find((row) => row.endpoint === endpoint && row.app === 'fastify')?.instructions;
    return {
      endpoint,
      keel,
      fastify,
      keelOverFastify: keel === undefined || fastify === undefined ? undefined : Number((keel / fastify).toFixed(3)),
      keelMinusFastify: keel === undefined || fastify === undefined ? undefined : keel - fastify,
    };
  });
  const settings = { transport: values.transport, warmUp, requests, node: process.version };
  if (values.json) {
    process.stdout.write(JSON.stringify({ settings, summary }, null, 2) + '\n');
  } else {
    process.stdout.write(
      `\nInstructions per request (${values.transport}, ${requests} requests after ${warmUp} of warm-up):\n\n| endpoint | Keel | Fastify | Keel / Fastify | Keel − Fastify |\n|---|---|---|---|---|\n`,
    );
    const format = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en'));
    for (const row of summary) {
      process.stdout.write(
        `| ${row.endpoint.toUpperCase()} | ${format(row.keel)} | ${format(row.fastify)} | ` +
          `${row.keelOverFastify ?? '–'} | ${format(row.keelMinusFastify)} |\n`,
      );
    }
  }
} finally {
  await database.drop();
}
