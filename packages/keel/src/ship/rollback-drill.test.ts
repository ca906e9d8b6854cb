import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openDatabase } from '../database/index.ts';
import { isKeelError } from '../errors/index.ts';
import { migrate, readMigrations } from '../migrations/index.ts';
import { loadProject } from '../project/index.ts';
import { createTestDatabase, testDatabaseKinds } from '../testing/index.ts';
import { startProductionServer, type ProductionServer } from './production-server.ts';
import { rollbackToRelease } from './rollback-to-release.ts';
import { planRelease, writeRelease } from './ship-release.ts';
import { createShopProject, writeRelease2 } from './test-project.ts';

/**
 * A client behind a load balancer: requests go round-robin to the instances in rotation, one after another per
 * worker, and every answer that is not a 2xx (or a connection error) counts as a failure. An instance is taken out of
 * rotation, and its requests in flight are let finish, before it is stopped: what a Service and a preStop pause do.
 */
/** The item a client creates: once only 1.1.0 serves, clients start sending its new optional field. */
function itemFor(phase: string, n: number): string {
  return JSON.stringify({ name: `${phase}-${n}`, ...(phase === 'a-colour' ? { colour: 'red' } : {}) });
}

class Traffic {
  readonly failures: string[] = [];
  served = 0;
  private readonly rotation: ProductionServer[] = [];
  private readonly inFlight = new Map<ProductionServer, number>();
  private running = true;
  private next = 0;
  private readonly workers: Promise<void>[];

  private readonly phase: () => string;

  constructor(phase: () => string, workers: number) {
    this.phase = phase;
    this.workers = Array.from({ length: workers }, () => this.work());
  }

  add(server: ProductionServer): void {
    this.rotation.push(server);
  }

  /** Takes the server out of rotation and waits for its requests in flight. */
  async drain(server: ProductionServer): Promise<void> {
    this.rotation.splice(this.rotation.indexOf(server), 1);
    while ((this.inFlight.get(server) ?? 0) > 0) await sleep(5);
  }

  /** Resolves once `count` more requests have been answered. */
  async answered(count: number): Promise<void> {
    const target = this.served + count;
    while (this.served < target) await sleep(10);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    let n = 0;
    while (this.running) {
      const server = this.rotation[this.next++ % Math.max(1, this.rotation.length)];
      if (server === undefined) {
        await sleep(5);
        continue;
      }
      this.inFlight.set(server, (this.inFlight.get(server) ?? 0) + 1);
      const write = n++ % 2 === 0;
      try {
        const response = await fetch(`${server.address}/items`, {
          method: write ? 'POST' : 'GET',
          ...(write
            ? {
                headers: { 'content-type': 'application/json' },
                body: itemFor(this.phase(), n),
              }
            : {}),
        });
        await response.arrayBuffer();
        if (!response.ok) this.failures.push(`${write ? 'POST' : 'GET'} ${server.address}: ${response.status}`);
      } catch (error) {
        this.failures.push(`${write ? 'POST' : 'GET'} ${server.address}: ${String(error)}`);
      } finally {
        this.inFlight.set(server, (this.inFlight.get(server) ?? 1) - 1);
        this.served += 1;
      }
    }
  }
}

test(
  'the rollback drill: v1 serves, v2 rolls out beside it with an additive migration, then back to v1, and no request fails',
  { skip: !testDatabaseKinds().includes('postgres') },
  async (t) => {
    // Undone newest first: the traffic stops before the servers, the servers before the database goes.
    const undo: (() => Promise<unknown>)[] = [];
    t.after(async () => {
      for (const step of undo.reverse()) await step();
    });
    const shop = await createShopProject();
    undo.push(() => shop.cleanup());
    const v1Dir = await mkdtemp(join(tmpdir(), 'keel-drill-v1-'));
    undo.push(() => rm(v1Dir, { recursive: true, force: true }));
    const scratch = await createTestDatabase('postgres');
    undo.push(() => scratch.dispose());
    const { url } = scratch;
    assert.ok(url !== undefined);

    // Release 1.0.0, and a copy of its tree: the code the v1 instances run.
    let project = await loadProject(shop.root);
    const v1Plan = await planRelease(project, []);
    assert.deepEqual(v1Plan.findings, []);
    await writeRelease(project, v1Plan);
    shop.commit('release 1.0.0');
    await cp(shop.root, v1Dir, { recursive: true });

    // Release 1.1.0: an additive migration (a nullable column), and the code that uses it.
    await writeRelease2(shop);
    shop.commit('colour');
    project = await loadProject(shop.root);
    const v2Plan = await planRelease(project, []);
    assert.deepEqual(v2Plan.findings, []);
    await writeRelease(project, v2Plan);

    const quiet = {
      host: '127.0.0.1',
      port: 0,
      databaseUrl: url,
      handleSignals: false,
      drainSeconds: 10,
      log: () => {},
    };
    const start = async (dir: string, migrate: boolean): Promise<ProductionServer> => {
      const server = await startProductionServer({ ...quiet, dir, migrate });
      undo.push(() => server.stop());
      return server;
    };
    let phase = 'v1';
    const traffic = new Traffic(() => phase, 3);
    undo.push(() => traffic.stop());

    const v1 = await start(v1Dir, true);
    traffic.add(v1);
    await traffic.answered(30);

    // The migration job of 1.1.0 runs while v1 serves.
    const job = await openDatabase({ url });
    await migrate(job, await readMigrations(project.paths.migrations));
    await job.close();
    await traffic.answered(20);

    // v2 starts beside v1 and both serve; then v1 leaves rotation and stops gracefully.
    phase = 'a-v2'; // names from here on sort first: the listing's first page shows them
    const v2 = await start(shop.root, false);
    traffic.add(v2);
    await traffic.answered(40);
    await traffic.drain(v1);
    await v1.stop();
    phase = 'a-colour'; // only 1.1.0 serves: clients use its new field
    await traffic.answered(40);

    // Roll back: clients stop sending colour, v1 starts again beside v2, v2 leaves, the database goes back to 1.0.0.
    phase = 'a-v2';
    await traffic.answered(6);
    const v1Again = await start(v1Dir, false);
    traffic.add(v1Again);
    await traffic.answered(20);
    await traffic.drain(v2);
    await v2.stop();
    phase = 'z-back';
    const database = await openDatabase({ url });
    try {
      const migrations = await readMigrations(project.paths.migrations);
      await assert.rejects(
        rollbackToRelease(project, database, migrations, '1.0.0'),
        (error) =>
          isKeelError(error) && error.code === 'KEEL_ROLLBACK_LOSES_DATA' && /items\.colour/.test(error.message),
        'the down step drops the colours clients sent: refused without --accept-data-loss',
      );
      const result = await rollbackToRelease(project, database, migrations, '1.0.0', { acceptDataLoss: true });
      assert.equal(result.rolledBack, true);
    } finally {
      await database.close();
    }
    await traffic.answered(30);
    await traffic.stop();

    // Every item written while v2 served is readable through v1, and not one request failed.
    const listed = (await (await fetch(`${v1Again.address}/items`)).json()) as { items: { name: string }[] };
    const names = listed.items.map((item) => item.name);
    assert.ok(
      names.some((name) => name.startsWith('a-colour-')),
      names.join(', '),
    );
    assert.deepEqual(traffic.failures, []);
    const metrics = await (await fetch(`${v1Again.address}/metrics`)).text();
    const created = metrics
      .split('\n')
      .find(
        (line) =>
          line.startsWith('http_server_request_duration_seconds_count{') &&
          line.includes('route="/items"') &&
          line.includes('status="201"'),
      );
    assert.match(created ?? '', /service="shop".* [1-9]\d*$/);
  },
);
