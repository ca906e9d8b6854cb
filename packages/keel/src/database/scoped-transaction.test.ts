import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AbortedTransactionError, sql } from 'kysely';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import type { AnyDatabase } from './database.ts';
import { setConfigStatement } from './scoped-transaction.ts';

const setting = async (db: AnyDatabase, name: string) =>
  (await sql<{ value: string | null }>`select current_setting(${name}, true) as value`.execute(db)).rows[0]?.value;

test('setConfigStatement writes every value as a literal, quotes and backslashes escaped', () => {
  assert.equal(
    setConfigStatement([
      ['keel.tenant', "o'neil"],
      ['keel.path_id', 'a\\b'],
    ]),
    "select set_config('keel.tenant', 'o''neil', true), set_config('keel.path_id',  E'a\\\\b', true)",
  );
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
        database.scopedTransaction([['role', 'no_such_role_anywhere']], () => Promise.resolve('never')),
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
  });
}
