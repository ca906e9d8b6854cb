import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AbortedTransactionError, sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import type { AnyDatabase } from './database.ts';
import { settingsPrelude } from './scoped-transaction.ts';

const setting = async (db: AnyDatabase, name: string) =>
  (await sql<{ value: string | null }>`select current_setting(${name}, true) as value`.execute(db)).rows[0]?.value;

test('settingsPrelude passes names and values as parameters, never in the text', () => {
  const prelude = settingsPrelude([
    ['keel.tenant', "o'neil"],
    ['keel.path_id', 'a\\b'],
  ]);
  assert.equal(prelude.text, 'select set_config($1, $2, true), set_config($3, $4, true)');
  assert.deepEqual(prelude.values, ['keel.tenant', "o'neil", 'keel.path_id', 'a\\b']);
});

for (const kind of testDatabaseKinds()) {
  describe(`scoped transactions on ${kind}`, () => {
    let testDatabase: TestDatabase;
    before(async () => {
      testDatabase = await createTestDatabase(kind);
      await sql`create table notes (body text not null)`.execute(testDatabase.database.db);
    });
    after(async () => {
      await testDatabase?.dispose();
    });

    test('the settings hold inside the transaction, exactly as given, and are gone after it', async () => {
      const hostile = `x'); drop table notes; --\\'`;
      const seen = await testDatabase.database.scopedTransaction(
        [
          ['keel.tenant', 'acme'],
          ['keel.path_id', hostile],
        ],
        async (trx) => [await setting(trx, 'keel.tenant'), await setting(trx, 'keel.path_id')],
      );
      assert.deepEqual(seen, ['acme', hostile]);
      const { database } = testDatabase;
      assert.ok(['', null, undefined].includes(await setting(database.db, 'keel.tenant')), 'local to the transaction');
      await sql`select count(*) from notes`.execute(database.db); // the table survived the hostile value
    });

    test('committed when fn resolves, rolled back when it throws', async () => {
      const { database } = testDatabase;
      await database.scopedTransaction([['keel.tenant', 'a']], async (trx) => {
        await sql`insert into notes (body) values ('kept')`.execute(trx);
      });
      await assert.rejects(
        database.scopedTransaction([['keel.tenant', 'a']], async (trx) => {
          await sql`insert into notes (body) values ('dropped')`.execute(trx);
          throw new Error('handler failed');
        }),
        /handler failed/,
      );
      const { rows } = await sql<{ body: string }>`select body from notes order by body`.execute(database.db);
      assert.deepEqual(
        rows.map((row) => row.body),
        ['kept'],
      );
    });

    test('a setting the server refuses fails the call and leaves the pool usable', async () => {
      const { database } = testDatabase;
      await assert.rejects(
        database.scopedTransaction([['role', 'no_such_role_anywhere']], (trx) => sql`select 1`.execute(trx)),
        /no_such_role_anywhere/,
      );
      for (let i = 0; i < 12; i++) {
        // More calls than the pool has connections: none may be left inside an aborted transaction.
        assert.equal(
          await database.scopedTransaction([['keel.tenant', `t${i}`]], (trx) => setting(trx, 'keel.tenant')),
          `t${i}`,
        );
      }
    });

    test('a statement that failed inside, caught by fn, makes the commit report AbortedTransactionError', async () => {
      const { database } = testDatabase;
      await assert.rejects(
        database.scopedTransaction([], async (trx) => {
          await sql`insert into notes (body) values (null)`.execute(trx).catch(() => undefined);
          return 'answered';
        }),
        (error: unknown) => error instanceof AbortedTransactionError,
      );
    });

    test('statements each carry the settings, and nothing of them outlives the statement', async () => {
      const { database } = testDatabase;
      const hostile = `x'); drop table notes; --\\'`;
      const seen = await database.scopedStatements(
        [
          ['keel.tenant', 'acme'],
          ['keel.path_id', hostile],
        ],
        async (db) => [
          await setting(db, 'keel.tenant'),
          await setting(db, 'keel.path_id'),
          // Concurrent statements each take a connection of their own, and each carries the settings.
          ...(await Promise.all([1, 2, 3].map(() => setting(db, 'keel.tenant')))),
        ],
      );
      assert.deepEqual(seen, ['acme', hostile, 'acme', 'acme', 'acme']);
      for (let i = 0; i < 12; i++) {
        // More than the pool's connections: none went back to it with the settings on.
        assert.ok(['', null, undefined].includes(await setting(database.db, 'keel.tenant')));
      }
      await sql`select count(*) from notes`.execute(database.db);
    });

    // On PGlite a read runs in a transaction like a write; what follows holds for PostgreSQL's statements without one.
    test(
      "a read's handle keeps its settings through connection() and transaction()",
      { skip: kind === 'pglite' },
      async () => {
        const { database } = testDatabase;
        const seen = await database.scopedStatements([['keel.tenant', 'acme']], async (db) => [
          await db.connection().execute((connection) => setting(connection, 'keel.tenant')),
          await db.transaction().execute(async (trx) => {
            await sql`insert into notes (body) values ('in a read transaction')`.execute(trx);
            return setting(trx, 'keel.tenant');
          }),
        ]);
        assert.deepEqual(seen, ['acme', 'acme']);
        assert.ok(['', null, undefined].includes(await setting(database.db, 'keel.tenant')));
      },
    );

    test(
      "a failed statement fails alone: the read's next statement and the pool are unharmed",
      { skip: kind === 'pglite' },
      async () => {
        const { database } = testDatabase;
        const seen = await database.scopedStatements([['keel.tenant', 'acme']], async (db) => {
          await assert.rejects(sql`select 1 / 0`.execute(db), /division by zero/);
          return setting(db, 'keel.tenant');
        });
        assert.equal(seen, 'acme');
        await assert.rejects(
          database.scopedStatements([['role', 'no_such_role_anywhere']], (db) => sql`select 1`.execute(db)),
          /no_such_role_anywhere/,
        );
        for (let i = 0; i < 12; i++) {
          assert.equal(
            await database.scopedStatements([['keel.tenant', `t${i}`]], (db) => setting(db, 'keel.tenant')),
            `t${i}`,
          );
        }
      },
    );

    test(
      "a handler's own error rolls back and gives the connection back to the pool, not away",
      { skip: kind === 'pglite' },
      async () => {
        const { database } = testDatabase;
        const pid = (db: AnyDatabase) =>
          sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db).then(({ rows }) => rows[0]?.pid);
        let first: number | undefined;
        await assert.rejects(
          database.scopedTransaction([['keel.tenant', 'a']], async (trx) => {
            first = await pid(trx);
            throw new Error('not found');
          }),
          /not found/,
        );
        // The pool hands out the client released last: the same backend, had it not been closed.
        assert.equal(await database.scopedTransaction([['keel.tenant', 'a']], pid), first);
        await assert.rejects(
          database.scopedStatements([['keel.tenant', 'a']], (db) =>
            db.connection().execute(async (connection) => {
              first = await pid(connection);
              throw new Error('not found');
            }),
          ),
          /not found/,
        );
        assert.equal(
          await database.scopedStatements([['keel.tenant', 'a']], (db) => db.connection().execute(pid)),
          first,
        );
      },
    );

    test('a transaction whose fn runs no statement resolves with its value and leaves nothing open', async () => {
      const { database } = testDatabase;
      assert.equal(
        await database.scopedTransaction([['keel.tenant', 'a']], () => Promise.resolve('answered')),
        'answered',
      );
      await assert.rejects(
        database.scopedTransaction([['keel.tenant', 'a']], () => Promise.reject(new Error('refused early'))),
        /refused early/,
      );
      if (kind === 'postgres') {
        const { rows } = await sql<{ open: number }>`select count(*)::int as open from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`.execute(database.db);
        assert.equal(rows[0]?.open, 0);
      }
    });
  });
}
