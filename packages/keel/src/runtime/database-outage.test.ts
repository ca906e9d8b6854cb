import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { canRunPostgresServer, startPostgresServer, type PostgresServer } from '../testing/postgres-server.ts';
import { handlers } from './fixtures/widgets/handlers.ts';
import { createApp, type KeelApp } from './index.ts';

const fixture = fileURLToPath(new URL('./fixtures/widgets', import.meta.url));
const skip = canRunPostgresServer() ? false : 'needs /usr/lib/postgresql/15/bin and root or the postgres user';

let server: PostgresServer;
let app: KeelApp;

before(async () => {
  if (skip !== false) return;
  server = await startPostgresServer();
  app = await createApp({ dir: fixture, handlers, databaseUrl: server.url, mode: 'test' });
});
after(async () => {
  if (skip !== false) return;
  await app.close();
  await server.destroy();
});

test(
  'the database going away: 503 with Retry-After, /readyz fails, and service resumes with no restart',
  { skip },
  async () => {
    const create = () =>
      app.inject({
        method: 'POST',
        url: '/widgets',
        headers: { 'content-type': 'application/json' },
        payload: '{"name":"outage","size":1}',
      });
    assert.equal((await create()).statusCode, 201);

    // Traffic runs throughout; every answer must be a success or a 503, never another error or a hang.
    const statuses: number[] = [];
    let traffic = true;
    const load = (async () => {
      while (traffic) {
        statuses.push((await create()).statusCode);
        await sleep(20);
      }
    })();

    await server.stop();
    const down = await create();
    assert.equal(down.statusCode, 503);
    assert.equal(down.headers['retry-after'], '5');
    assert.equal(down.json<{ code: string }>().code, 'KEEL_DATABASE_UNAVAILABLE');
    const readiness = await app.inject('/readyz');
    assert.equal(readiness.statusCode, 503);
    assert.equal((await app.inject('/healthz')).statusCode, 200, 'liveness does not depend on the database');

    await server.start();
    let recovered = false;
    for (let attempt = 0; attempt < 100 && !recovered; attempt++) {
      recovered = (await create()).statusCode === 201;
      if (!recovered) await sleep(100);
    }
    traffic = false;
    await load;
    assert.ok(recovered, 'requests succeed again once the database is back');
    assert.equal((await app.inject('/readyz')).statusCode, 200);
    const unexpected = statuses.filter((status) => status !== 201 && status !== 503);
    assert.deepEqual(unexpected, [], `only 201 and 503 during the outage (saw ${statuses.length} requests)`);
    assert.ok(statuses.includes(503) && statuses.includes(201));
  },
);
