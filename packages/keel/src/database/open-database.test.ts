import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, testDatabaseKinds, testPostgresUrl, type TestDatabase } from '../testing/index.ts';
import { openDatabase } from './open-database.ts';
import { extensionsUsedBy } from './pglite-extensions.ts';

describe('extensionsUsedBy', () => {
  test('finds CREATE EXTENSION in any case, quoted or not, once each, and skips comments', () => {
    const migrations = [
      'CREATE EXTENSION IF NOT EXISTS btree_gist;\ncreate table t (id int);',
      'create extension "uuid-ossp";\n-- create extension hstore;\n/* create extension ltree; */',
      'Create  Extension\n  PgCrypto with schema public;\ncreate extension if not exists btree_gist;',
    ];
    assert.deepEqual(extensionsUsedBy(migrations), ['btree_gist', 'uuid-ossp', 'pgcrypto']);
  });

  test('finds nothing in SQL without extensions', () => {
    assert.deepEqual(extensionsUsedBy(['create table extension_names (name text)']), []);
  });
});

describe('openDatabase refuses', () => {
  test('an extension PGlite does not have, naming it and what PGlite offers', async () => {
    await assert.rejects(openDatabase({ extensions: ['btree_gist', 'postgis'] }), (error: Record<string, unknown>) => {
      assert.equal(error['code'], 'KEEL_CONFIG_INVALID');
      assert.match(String(error['message']), /no extension "postgis".*offers: .*btree_gist/);
      return true;
    });
  });

  test('a server it cannot reach, without showing the password', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.ok(typeof address === 'object' && address !== null);
    const url = `postgres://app:s3cret@127.0.0.1:${address.port}/app`;
    await assert.rejects(openDatabase({ url }), (error: Record<string, unknown>) => {
      assert.equal(error['code'], 'KEEL_DATABASE_UNREACHABLE');
      assert.match(
        String(error['message']),
        new RegExp(`cannot connect to postgres://app:redacted@127.0.0.1:${address.port}/app`),
      );
      assert.doesNotMatch(String(error['message']), /s3cret/);
      return true;
    });
  });

  test('a URL that is not a postgres URL, and a pool size that is not a number', async () => {
    await assert.rejects(openDatabase({ url: 'not a url' }), { code: 'KEEL_CONFIG_INVALID' });
    await assert.rejects(openDatabase({ url: 'mysql://db/app' }), { code: 'KEEL_CONFIG_INVALID' });
    await assert.rejects(openDatabase({ url: 'postgres://db/app?pool=none' }), { code: 'KEEL_CONFIG_INVALID' });
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`Database on ${kind}`, () => {
    let testDatabase: TestDatabase;

    before(async () => {
      testDatabase = await createTestDatabase(kind);
    });
    after(() => testDatabase.dispose());

    test('ping answers', async () => {
      await testDatabase.database.ping();
    });

    test('a locked session runs scripts of several statements, and transactions that roll back whole', async () => {
      const { database } = testDatabase;
      await database.withLock(1n, async (session) => {
        await session.execScript(
          'create table notes (id int primary key); insert into notes values (1); insert into notes values (2);',
        );
        await assert.rejects(
          session.transaction(async (trx) => {
            await trx.execScript('insert into notes values (3); insert into notes values (4);');
            await trx.execScript('insert into notes values (1);');
          }),
          { code: '23505' },
        );
        await session.transaction((trx) => trx.db.insertInto('notes').values({ id: 5 }).execute());
      });
      const rows = await database.db.selectFrom('notes').select('id').orderBy('id').execute();
      assert.deepEqual(rows, [{ id: 1 }, { id: 2 }, { id: 5 }]);
    });

    test('callers of withLock with the same key take turns', async () => {
      const steps: string[] = [];
      const hold = (label: string) =>
        testDatabase.database.withLock(7n, async (session) => {
          steps.push(`${label} in`);
          await sql`select pg_sleep(0.05)`.execute(session.db);
          steps.push(`${label} out`);
        });
      await Promise.all([hold('a'), hold('b')]);
      assert.deepEqual(steps, ['a in', 'a out', 'b in', 'b out']);
    });
  });
}

if (testDatabaseKinds().includes('postgres')) {
  describe('Database on postgres, across pools', () => {
    let testDatabase: TestDatabase;
    let url: string;

    before(async () => {
      testDatabase = await createTestDatabase('postgres');
      url = testDatabase.url ?? '';
    });
    after(() => testDatabase.dispose());

    test('the advisory lock excludes a second pool, as it would a second process', async () => {
      const other = await openDatabase({ url });
      try {
        const steps: string[] = [];
        const hold = (label: string, database: typeof other) =>
          database.withLock(7n, async (session) => {
            steps.push(`${label} in`);
            await sql`select pg_sleep(0.1)`.execute(session.db);
            steps.push(`${label} out`);
          });
        await Promise.all([hold('a', testDatabase.database), hold('b', other)]);
        assert.ok(steps.join() === 'a in,a out,b in,b out' || steps.join() === 'b in,b out,a in,a out', steps.join());
      } finally {
        await other.close();
      }
    });

    test('a server that kills its connections does not crash the process, ping says so, then service resumes', async () => {
      const database = await openDatabase({ url, poolSize: 2 });
      try {
        await database.ping();
        const name = new URL(url).pathname.slice(1);
        const admin = new pg.Client({ connectionString: testPostgresUrl() });
        await admin.connect();
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
        await admin.end();
        // The pool's idle client learns of its death asynchronously; give it a moment to emit 'error'.
        await new Promise((resolve) => setTimeout(resolve, 100));
        let answered = false;
        for (let attempt = 0; attempt < 20 && !answered; attempt++) {
          answered = await database.ping().then(
            () => true,
            (error: unknown) => {
              assert.equal((error as { code?: string }).code, 'KEEL_DATABASE_UNAVAILABLE');
              return false;
            },
          );
        }
        assert.ok(answered, 'ping answers again');
      } finally {
        await database.close();
      }
    });
  });
}
