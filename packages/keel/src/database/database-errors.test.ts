import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { KeelError } from '../errors/index.ts';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index.ts';
import { constraintViolation, isConnectionError } from './database-errors.ts';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(typeof address === 'object' && address !== null);
  return address.port;
}

describe('isConnectionError', () => {
  test('is true for node-postgres failing to reach a closed port', async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    const error: unknown = await client.connect().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof Error, 'connecting failed');
    assert.equal(isConnectionError(error), true);
  });

  test('recognises network codes, SQLSTATEs and node-postgres messages, also as a cause', () => {
    const errors = [
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('query failed', { cause: Object.assign(new Error(''), { code: 'ECONNREFUSED' }) }),
      new AggregateError([Object.assign(new Error('x'), { code: 'EHOSTUNREACH' })]),
      new KeelError('KEEL_DATABASE_UNAVAILABLE', 'the database is not answering'),
    ];
    for (const error of errors) assert.equal(isConnectionError(error), true, error.message || String(error));
  });

  test('is false for query errors and non-errors', () => {
    const errors = [
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      Object.assign(new Error('syntax error'), { code: '42601' }),
      new Error('something else'),
      new KeelError('KEEL_INTERNAL', 'boom'),
      'Connection terminated',
      undefined,
    ];
    for (const error of errors) assert.equal(isConnectionError(error), false, String(error));
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`constraintViolation on ${kind}`, () => {
    let testDatabase: TestDatabase;
    const attempt = async (statement: string) => {
      const error: unknown = await sql
        .raw(statement)
        .execute(testDatabase.database.db)
        .then(
          () => undefined,
          (failure: unknown) => failure,
        );
      assert.ok(error !== undefined, `${statement} fails`);
      return constraintViolation(error);
    };

    before(async () => {
      testDatabase = await createTestDatabase(kind, { extensions: ['btree_gist'] });
      const statements = [
        'create extension if not exists btree_gist',
        'create table rooms (id int primary key, code text not null unique, beds int check (beds > 0))',
        `create table stays (
           room_id int not null references rooms (id),
           during int4range not null,
           constraint stays_no_overlap exclude using gist (room_id with =, during with &&)
         )`,
        "insert into rooms values (1, 'A', 2)",
        "insert into stays values (1, '[1,5)')",
      ];
      for (const statement of statements) await sql.raw(statement).execute(testDatabase.database.db);
    });
    after(() => testDatabase.dispose());

    test('names the kind and the constraint', async () => {
      assert.deepEqual(await attempt("insert into rooms values (2, 'A', 1)"), {
        kind: 'unique',
        constraint: 'rooms_code_key',
      });
      assert.deepEqual(await attempt("insert into stays values (1, '[3,8)')"), {
        kind: 'exclusion',
        constraint: 'stays_no_overlap',
      });
      assert.deepEqual(await attempt("insert into stays values (9, '[1,2)')"), {
        kind: 'foreign-key',
        constraint: 'stays_room_id_fkey',
      });
      assert.deepEqual(await attempt("insert into rooms values (3, 'C', 0)"), {
        kind: 'check',
        constraint: 'rooms_beds_check',
      });
      assert.equal((await attempt('insert into rooms values (4, null, 1)'))?.kind, 'not-null');
    });

    test('is undefined for other errors', async () => {
      assert.equal(await attempt('select * from no_such_table'), undefined);
      assert.equal(constraintViolation(new Error('plain')), undefined);
    });
  });
}
