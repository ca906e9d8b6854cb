/**
 * Keel's generated conformance and stateful suites on the flagship (issue 8's benchmark): the requests they send, the
 * time they take, and requests per second, in-process (fastify.inject) against the app on a freshly migrated database.
 * The project's own tests are left out: this measures only what Keel generates. Aim: at least 1,000 generated requests
 * per second, and the whole run under 60 seconds.
 *
 *   node bench/tests/generated-suites.ts [--rounds 3] [--runs 20] [--database postgres://postgres@127.0.0.1:5432/postgres]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCheckContext } from '../../packages/keel/src/journey/check-context.ts';
import { loadProject } from '../../packages/keel/src/project/index.ts';
import { runTestSuites } from '../../packages/keel/src/tests/run-test-suites.ts';
import { testsStage } from '../../packages/keel/src/tests/tests-stage.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    runs: { type: 'string', default: '20' },
    database: { type: 'string' },
  },
});
const flagship = fileURLToPath(new URL('../../examples/bookings/', import.meta.url));
const context = createCheckContext(await loadProject(flagship));
const model = await context.model(testsStage);
if (model === undefined) throw new Error('the flagship’s tests stage does not load');

console.log(
  `generated suites on the flagship, ${values.database === undefined ? 'PGlite' : 'PostgreSQL'}, --runs ${values.runs}`,
);
console.log('round  operations  requests  failures  suites s  requests/s  whole run s');
for (let round = 1; round <= Number(values.rounds); round += 1) {
  const started = performance.now();
  const run = await runTestSuites(
    { ...model, testFiles: [] },
    { seed: round, runs: Number(values.runs), databaseUrl: values.database },
  );
  const whole = (performance.now() - started) / 1000;
  const { requests, durationMs, operations, failures } = run.generated;
  console.log(
    [
      String(round).padStart(5),
      String(operations).padStart(10),
      String(requests).padStart(8),
      String(failures.length).padStart(8),
      (durationMs / 1000).toFixed(1).padStart(8),
      String(Math.round(requests / (durationMs / 1000))).padStart(10),
      whole.toFixed(1).padStart(11),
    ].join('  '),
  );
}
