import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

interface Tables {
  widgets: { id: number; name: string; size: number };
}

describe('PGliteDialect', () => {
  let testDatabase: TestDatabase;
  let db: Kysely<Tables>;

  before(async () => {
    testDatabase = await createTestDatabase('pglite');
    db = testDatabase.database.db as Kysely<Tables>;
    await sql`create table widgets (id integer primary key, name text not null, size integer not null)`.execute(db);
  });
  after(() => testDatabase.dispose());

  test('inserts, selects, updates and deletes, counting the rows each change touches', async () => {
    const inserted = await db
      .insertInto('widgets')
      .values([
        { id: 1, name: 'bolt', size: 3 },
        { id: 2, name: 'nut', size: 1 },
      ])
      .executeTakeFirstOrThrow();
    assert.equal(inserted.numInsertedOrUpdatedRows, 2n);
    assert.deepEqual(await db.selectFrom('widgets').selectAll().orderBy('id').execute(), [
      { id: 1, name: 'bolt', size: 3 },
      { id: 2, name: 'nut', size: 1 },
    ]);
    const updated = await db.updateTable('widgets').set({ size: 4 }).where('id', '=', 1).executeTakeFirstOrThrow();
    assert.equal(updated.numUpdatedRows, 1n);
    const returned = await db
      .updateTable('widgets')
      .set({ name: 'washer' })
      .where('id', '=', 2)
      .returning('name')
      .execute();
    assert.deepEqual(returned, [{ name: 'washer' }]);
    const deleted = await db.deleteFrom('widgets').executeTakeFirstOrThrow();
    assert.equal(deleted.numDeletedRows, 2n);
  });

  test('a transaction commits when its callback resolves and rolls back when it throws', async () => {
    await db
      .transaction()
      .execute((trx) => trx.insertInto('widgets').values({ id: 10, name: 'kept', size: 1 }).execute());
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('widgets').values({ id: 11, name: 'dropped', size: 1 }).execute();
        throw new Error('undo');
      }),
      /undo/,
    );
    const names = await db.selectFrom('widgets').select('name').where('id', 'in', [10, 11]).execute();
    assert.deepEqual(names, [{ name: 'kept' }]);
  });

  test('a failed statement aborts the transaction and nothing of it is committed', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('widgets').values({ id: 20, name: 'first', size: 1 }).execute();
        await trx.insertInto('widgets').values({ id: 20, name: 'duplicate', size: 1 }).execute();
      }),
      { code: '23505' },
    );
    assert.equal((await db.selectFrom('widgets').select('id').where('id', '=', 20).execute()).length, 0);
  });

  test('concurrent transactions take turns instead of interleaving on the one connection', async () => {
    await db.insertInto('widgets').values({ id: 30, name: 'counter', size: 0 }).execute();
    const steps: string[] = [];
    const increment = (label: string) =>
      db.transaction().execute(async (trx) => {
        steps.push(`${label} begin`);
        const { size } = await trx.selectFrom('widgets').select('size').where('id', '=', 30).executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await trx
          .updateTable('widgets')
          .set({ size: size + 1 })
          .where('id', '=', 30)
          .execute();
        steps.push(`${label} end`);
      });
    const outside = db.selectFrom('widgets').select('size').where('id', '=', 30).executeTakeFirstOrThrow();
    await Promise.all([increment('a'), increment('b'), increment('c')]);
    assert.deepEqual(steps, ['a begin', 'a end', 'b begin', 'b end', 'c begin', 'c end']);
    assert.equal((await outside).size, 0, 'a query asked for before the transactions ran before them');
    const { size } = await db.selectFrom('widgets').select('size').where('id', '=', 30).executeTakeFirstOrThrow();
    assert.equal(size, 3, 'no increment was lost');
  });

  test('savepoints roll back part of a transaction', async () => {
    const trx = await db.startTransaction().execute();
    await trx.insertInto('widgets').values({ id: 40, name: 'outer', size: 1 }).execute();
    const inner = await trx.savepoint('inner').execute();
    await inner.insertInto('widgets').values({ id: 41, name: 'inner', size: 1 }).execute();
    await inner.rollbackToSavepoint('inner').execute();
    await trx.commit().execute();
    const ids = await db.selectFrom('widgets').select('id').where('id', 'in', [40, 41]).execute();
    assert.deepEqual(ids, [{ id: 40 }]);
  });

  test('int8 values come back as strings, as node-postgres returns them', async () => {
    const row = await sql<{ count: unknown }>`select count(*) as count from widgets`.execute(db);
    assert.equal(typeof row.rows[0]?.count, 'string');
  });

  test('streaming is refused with a clear message', async () => {
    const rows = db.selectFrom('widgets').selectAll().stream()[Symbol.asyncIterator]();
    await assert.rejects(rows.next(), /does not stream/);
  });
});
