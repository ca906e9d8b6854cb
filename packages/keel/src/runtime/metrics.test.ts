import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase, testDatabaseKinds } from '../testing/index.ts';
import { createApp } from './create-app.ts';

const widgets = new URL('./fixtures/widgets/', import.meta.url).pathname;

/** The sample lines of a metric family, by their labels in name order (`le`, `method`, `route`, `service`, `status`). */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}\\{(.*)\\} (\\S+)$`).exec(line);
    if (match !== null) found.set((match[1] ?? '').split(',').sort().join(','), Number(match[2]));
  }
  return found;
}

for (const kind of testDatabaseKinds()) {
  test(`/metrics on ${kind}: RED metrics per route template and status, the pool, the process`, async (t) => {
    const scratch = await createTestDatabase(kind);
    t.after(() => scratch.dispose());
    const app = await createApp({ dir: widgets, database: scratch.database, mode: 'test' });
    t.after(() => app.close());
    const created = await app.inject({ method: 'POST', url: '/widgets', payload: { name: 'a', size: 2 } });
    assert.equal(created.statusCode, 201);
    const id = created.json<{ id: string }>().id;
    for (let i = 0; i < 3; i++) assert.equal((await app.inject(`/widgets/${id}`)).statusCode, 200);
    assert.equal((await app.inject('/widgets/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await app.inject('/no/such/path')).statusCode, 404);
    assert.equal((await app.inject('/healthz')).statusCode, 200);

    const response = await app.inject('/metrics');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const counts = samples(response.body, 'http_server_request_duration_seconds_count');
    assert.deepEqual(Object.fromEntries(counts), {
      'method="POST",route="/widgets",service="widgets",status="201"': 1,
      'method="GET",route="/widgets/{id}",service="widgets",status="200"': 3,
      'method="GET",route="/widgets/{id}",service="widgets",status="404"': 1,
      'method="GET",route="unmatched",service="widgets",status="404"': 1,
    });
    const buckets = samples(response.body, 'http_server_request_duration_seconds_bucket');
    assert.equal(buckets.get('le="+Inf",method="GET",route="/widgets/{id}",service="widgets",status="200"'), 3);
    assert.ok(buckets.has('le="0.15",method="GET",route="/widgets/{id}",service="widgets",status="200"'));
    // Cumulative: each bucket holds at least what the one below it holds.
    const series = [...buckets]
      .filter(([labels]) => labels.includes('route="/widgets/{id}"') && labels.includes('status="200"'))
      .map(([labels, value]) => [Number(/le="([^"]+)"/.exec(labels)?.[1]?.replace('+Inf', 'Infinity')), value] as const)
      .sort(([a], [b]) => a - b);
    assert.equal(series.length, 21);
    series.forEach(([, value], index) => assert.ok(index === 0 || value >= (series[index - 1]?.[1] ?? 0)));
    assert.match(response.body, /^process_cpu_seconds_total\{service="[a-z-]+"\} /m);
    const pool = samples(response.body, 'db_pool_connections_max');
    if (kind === 'postgres') assert.ok((pool.get('service="widgets"') ?? 0) > 0, response.body);
    else assert.equal(pool.size, 0, 'PGlite has no pool');
  });
}
