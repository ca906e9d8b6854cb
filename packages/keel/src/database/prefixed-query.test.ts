import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { queryWithPreludes, type Prelude } from './prefixed-query.ts';

// node-postgres internals are what this extends (decision record 0014): these tests pin what it relies on.
const postgres = testDatabaseKinds().includes('postgres');

describe('queries with preludes, on PostgreSQL', { skip: !postgres }, () => {
  let testDatabase: TestDatabase;
  let client: pg.Client;
  const run = (preludes: readonly Prelude[], text: string, values: unknown[] = []) =>
    new Promise<pg.QueryResult<Row>>((resolve, reject) =>
      queryWithPreludes(client, preludes, text, values, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const tenant: Prelude = { text: "select set_config('keel.tenant', $1, true)", values: ['acme'] };
  const current = "select current_setting('keel.tenant', true) as tenant";
  interface Row {
    readonly tenant?: string;
    readonly n?: number;
  }

  before(async () => {
    testDatabase = await createTestDatabase('postgres');
    client = new pg.Client(testDatabase.url);
    await client.connect();
    await client.query('create table notes (id int primary key)');
  });
  after(async () => {
    await client?.end();
    await testDatabase?.dispose();
  });

  test('the caller gets the query result alone: its rows, fields, command and count', async () => {
    const result = await run([tenant, tenant], `${current}, $1::int as n from generate_series(1, 3)`, [7]);
    assert.deepEqual(result.rows, [
      { tenant: 'acme', n: 7 },
      { tenant: 'acme', n: 7 },
      { tenant: 'acme', n: 7 },
    ]);
    assert.deepEqual(
      result.fields.map((field) => field.name),
      ['tenant', 'n'],
    );
    assert.equal(result.command, 'SELECT');
    assert.equal(result.rowCount, 3);
    const inserted = await run([tenant], 'insert into notes (id) values (1), (2)');
    assert.equal(inserted.command, 'INSERT');
    assert.equal(inserted.rowCount, 2);
  });

  test('a local setting holds for the query and ends with it', async () => {
    assert.equal((await run([tenant], current)).rows[0]?.tenant, 'acme');
    assert.equal((await client.query<Row>(current)).rows[0]?.tenant, '');
  });

  test('a prelude that begins a transaction leaves it open, with the settings, until COMMIT', async () => {
    await run([{ text: 'begin', values: [] }, tenant], 'insert into notes (id) values (10)');
    assert.equal((await client.query<Row>(current)).rows[0]?.tenant, 'acme');
    await client.query('rollback');
    assert.equal((await client.query<Row>('select count(*)::int as n from notes where id = 10')).rows[0]?.n, 0);
    assert.equal((await client.query<Row>(current)).rows[0]?.tenant, '');
  });

  test('an error in a prelude or in the query fails it, and the connection answers the next one', async () => {
    await assert.rejects(
      run([{ text: "select set_config('role', $1, true)", values: ['no_such_role_anywhere'] }], 'select 1'),
      /no_such_role_anywhere/,
    );
    await assert.rejects(run([tenant], 'select 1 / 0'), /division by zero/);
    await assert.rejects(run([tenant], 'insert into notes (id) values (1)'), /duplicate key/);
    assert.deepEqual((await run([tenant], current)).rows, [{ tenant: 'acme' }]);
    assert.equal((await client.query<Row>(current)).rows[0]?.tenant, '');
  });

  test('queued behind one another, each query keeps its own preludes and result', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        run([{ text: "select set_config('keel.tenant', $1, true)", values: [name] }], current),
      ),
    );
    assert.deepEqual(
      results.map((result) => result.rows[0]?.tenant),
      ['a', 'b', 'c'],
    );
  });
});
