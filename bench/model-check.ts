/**
 * `keel check model` on the flagship, phase by phase.
 *
 *   node bench/model-check.ts [--runs 3] [--database postgres://…] [--skip-cli] [--json]
 *
 * Each run proves the flagship's migrations and query plans in this process, as the gate does (proveModel: up, down,
 * up for every migration, then seeding and EXPLAIN on the same scratch database), with a timer on every phase; then,
 * unless `--skip-cli`, runs the real command (`keel check model`, a fresh process) and times it whole. Figures are
 * the median of `--runs` runs. With `--database`, the scratch databases are created on that server; PGlite otherwise.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readMigrations } from '../packages/keel/src/migrations/index.ts';
import { readQueriesDeclaration } from '../packages/keel/src/model/plans/index.ts';
import { phaseTimings } from '../packages/keel/src/model/proof-timings.ts';
import { proveModel } from '../packages/keel/src/model/prove-model.ts';
import { readSourceFile } from '../packages/keel/src/source/index.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    database: { type: 'string' },
    'skip-cli': { type: 'boolean' },
    json: { type: 'boolean' },
  },
});
const runs = Number(values.runs);
const databaseUrl = values.database;
const flagship = fileURLToPath(new URL('../examples/bookings/', import.meta.url));
const cli = fileURLToPath(new URL('../packages/keel/src/cli/bin.ts', import.meta.url));

const migrations = await readMigrations(join(flagship, 'migrations'));
const declaration = readQueriesDeclaration(await readSourceFile(join(flagship, 'queries.yaml'), flagship));
const templateCached = readdirHas(tmpdir(), 'keel-pglite-scratch-');

const samples = new Map<string, number[]>();
const record = (name: string, milliseconds: number): void => {
  samples.set(name, [...(samples.get(name) ?? []), milliseconds]);
};
let problems = 0;
for (let run = 0; run < runs; run++) {
  const timings = phaseTimings();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const proof = await proveModel({ migrations, declaration, databaseUrl, timings });
  record('total (in process)', performance.now() - started);
  const used = process.cpuUsage(cpu);
  record('cpu of this process', (used.user + used.system) / 1000);
  for (const [phase, milliseconds] of timings.totals) record(phase, milliseconds);
  problems = proof.reversibility.length + (proof.plans?.seedFailures.length ?? 0);
  problems += (proof.plans?.plans ?? []).filter((plan) => plan.error !== undefined || plan.problems.length > 0).length;
  if (values['skip-cli'] !== true) {
    const args = [cli, 'check', 'model', ...(databaseUrl === undefined ? [] : ['--database', databaseUrl])];
    const cliStarted = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: flagship, encoding: 'utf8' });
    record('keel check model (CLI)', performance.now() - cliStarted);
    if (result.status !== 0) console.error(`keel check model exited with ${result.status}:\n${result.stdout}`);
  }
}

const order: readonly string[] = [
  'start database',
  'migrate',
  'roll back',
  'introspect',
  'seed',
  'build indexes',
  'analyze',
  'explain',
  'close database',
  'total (in process)',
  'cpu of this process',
  'keel check model (CLI)',
];
const medians = order
  .filter((name) => samples.has(name))
  .map((name) => ({ name, median: median(samples.get(name) ?? []), runs: samples.get(name) ?? [] }));
const results = {
  database: databaseUrl === undefined ? 'pglite' : 'postgres',
  migrations: migrations.length,
  queries: declaration.queries.length,
  seedRows: declaration.seed.rows,
  templateCachedBefore: templateCached,
  problems,
  phases: medians,
};
if (values.json === true) {
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
} else {
  console.log(
    `flagship on ${results.database}: ${results.migrations} migrations, ${results.queries} queries, ` +
      `${results.seedRows.toLocaleString('en')} rows per table; median of ${runs} runs` +
      (databaseUrl === undefined ? ` (PGlite template cached before the first: ${templateCached ? 'yes' : 'no'})` : ''),
  );
  for (const { name, median: figure, runs: all } of medians) {
    const spread = all.map((value) => (value / 1000).toFixed(2)).join(', ');
    console.log(`${name.padEnd(24)} ${(figure / 1000).toFixed(2).padStart(7)} s   (${spread})`);
  }
  if (problems > 0) console.log(`note: the proof reported ${problems} problems: the flagship does not pass`);
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function readdirHas(folder: string, prefix: string): boolean {
  return readdirSync(folder).some((name) => name.startsWith(prefix) && name.endsWith('.tar'));
}
