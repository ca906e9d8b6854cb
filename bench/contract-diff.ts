/**
 * `keel contract diff` on the flagship's contract against a modified copy, warm.
 *
 *   node bench/contract-diff.ts [--runs 200] [--json]
 *
 * Three figures, each the median (and p95) of `--runs` runs after 20 warm-up runs in the same process:
 * - load + diff: both contracts read from disk and parsed, then compared (what the CLI does after start-up);
 * - diff only: the comparison of two already-loaded contracts;
 * - git + diff: the base read from git (`HEAD:examples/bookings/openapi.yaml`, its $refs at that revision), the head
 *   from the working tree (fewer runs: it spawns git).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { diffContracts, loadContractSide } from '../packages/keel/src/contract/diff/index.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' }, json: { type: 'boolean' } } });
const runs = Number(values.runs);
const flagship = fileURLToPath(new URL('../examples/bookings/', import.meta.url));
const repository = fileURLToPath(new URL('../', import.meta.url));

/** Edits a reviewer would see in a real pull request: some breaking, some not. */
const edits: readonly [string, string][] = [
  ['enum: [confirmed, cancelled]', 'enum: [confirmed, cancelled, pending]'],
  ['required: [resourceId, startsAt, endsAt]', 'required: [resourceId, startsAt, endsAt, notes]'],
  ['        maximum: 100\n', '        maximum: 50\n'],
  ['      minLength: 1\n      maxLength: 200\n', '      minLength: 2\n      maxLength: 100\n'],
  [
    '        notes:\n          type: string\n          maxLength: 2000\n',
    '        notes:\n          type: string\n          maxLength: 4000\n        tags:\n          type: array\n          maxItems: 10\n          items: { type: string, maxLength: 40 }\n',
  ],
];

const work = await mkdtemp(join(tmpdir(), 'keel-bench-contract-diff-'));
try {
  for (const side of ['base', 'head']) {
    await cp(join(flagship, 'openapi.yaml'), join(work, side, 'openapi.yaml'));
    await cp(join(flagship, 'schemas'), join(work, side, 'schemas'), { recursive: true });
  }
  const headPath = join(work, 'head', 'openapi.yaml');
  let text = await readFile(headPath, 'utf8');
  const applied = edits.filter(([from]) => text.includes(from)).length;
  for (const [from, to] of edits) text = text.replace(from, to);
  await writeFile(headPath, text);
  const options = { dir: repository, defaultContract: join(flagship, 'openapi.yaml') };
  const basePath = join(work, 'base', 'openapi.yaml');

  const loadAndDiff = async () =>
    diffContracts(await loadContractSide(basePath, options), await loadContractSide(headPath, options));
  const base = await loadContractSide(basePath, options);
  const head = await loadContractSide(headPath, options);
  const diffOnly = () => Promise.resolve(diffContracts(base, head));
  const fromGit = async () =>
    diffContracts(
      await loadContractSide('HEAD:examples/bookings/openapi.yaml', options),
      await loadContractSide(join(flagship, 'openapi.yaml'), options),
    );

  const sample = await loadAndDiff();
  const results = {
    lines: text.split('\n').length,
    editsApplied: applied,
    changes: sample.counts,
    loadAndDiff: await measure(loadAndDiff, runs),
    diffOnly: await measure(diffOnly, runs),
    gitAndDiff: await measure(fromGit, Math.max(5, Math.round(runs / 10))),
  };
  if (values.json === true) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } else {
    const { breaking, 'possibly-breaking': possibly, 'non-breaking': safe } = results.changes;
    console.log(
      `flagship contract (${results.lines} lines), ${applied} edits: ${breaking} breaking, ${possibly} possibly, ${safe} non-breaking`,
    );
    for (const [name, figures] of Object.entries({
      'load + diff': results.loadAndDiff,
      'diff only': results.diffOnly,
      'git + diff': results.gitAndDiff,
    })) {
      console.log(
        `${name.padEnd(12)} median ${figures.median.toFixed(2)} ms  p95 ${figures.p95.toFixed(2)} ms  (${figures.runs} runs)`,
      );
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

async function measure(
  task: () => Promise<unknown>,
  count: number,
): Promise<{ median: number; p95: number; runs: number }> {
  for (let warm = 0; warm < 20; warm++) await task();
  const times: number[] = [];
  for (let run = 0; run < count; run++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (quantile: number) => times[Math.min(times.length - 1, Math.floor(quantile * times.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95), runs: count };
}
