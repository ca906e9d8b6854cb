import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../database/index.ts';
import { openDatabase } from '../database/index.ts';
import { pgliteDatabase, startPGlite } from '../database/pglite-database.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** A fresh, empty database of its own for a test or a suite. */
export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  /** The PostgreSQL URL (with `postgres`); undefined for PGlite. */
  readonly url: string | undefined;
  readonly database: Database;
  /** Closes the database; on PostgreSQL also drops it. */
  dispose(): Promise<void>;
}

const allKinds: readonly TestDatabaseKind[] = ['pglite', 'postgres'];

/**
 * The kinds selected by KEEL_TEST_DATABASES (a comma list, e.g. `pglite`), both by default, so one suite runs on each.
 *
 * @example
 * for (const kind of testDatabaseKinds()) describe(`widgets on ${kind}`, () => { ... });
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const selected = process.env['KEEL_TEST_DATABASES'];
  if (selected === undefined || selected.trim() === '') return [...allKinds];
  const kinds = selected.split(',').map((kind) => kind.trim());
  for (const kind of kinds) {
    if (!allKinds.includes(kind as TestDatabaseKind)) {
      throw new Error(`KEEL_TEST_DATABASES: "${kind}" is not one of ${allKinds.join(', ')}`);
    }
  }
  return [...new Set(kinds as TestDatabaseKind[])];
}

/** The server test databases are created on (its `postgres` database is only used to create and drop them). */
export function testPostgresUrl(): string {
  return process.env['KEEL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * Creates a fresh empty database: PGlite in memory, or a uniquely named database on the PostgreSQL server at
 * KEEL_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped by `dispose()`.
 *
 * @example
 * const testDatabase = await createTestDatabase('pglite', { extensions: ['btree_gist'] });
 * after(() => testDatabase.dispose());
 */
export async function createTestDatabase(
  kind: TestDatabaseKind,
  options: { readonly extensions?: readonly string[] } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await freshPGlite(options.extensions ?? []);
    return { kind, url: undefined, database, dispose: () => database.close() };
  }
  const name = `keel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`create database ${name}`);
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: url.toString() });
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  return {
    kind,
    url: url.toString(),
    database,
    async dispose() {
      await database.close();
      await dropDatabase(name);
    },
  };
}

/**
 * Starting PGlite runs initdb, which takes seconds. The first instance's data folder is dumped to a file in the
 * temporary folder (one per PGlite version, written atomically), and later instances, in this process or the next,
 * start from that copy instead.
 */
let pgliteTemplate: Promise<Blob> | undefined;

async function freshPGlite(extensions: readonly string[]): Promise<Database> {
  if (pgliteTemplate === undefined) {
    const cached = await cachedTemplate();
    if (cached !== undefined) {
      pgliteTemplate = Promise.resolve(cached);
    } else {
      const pglite = await startPGlite({ extensions });
      pgliteTemplate = pglite.dumpDataDir('none').then((dump) => saveTemplate(dump));
      await pgliteTemplate;
      return pgliteDatabase(pglite);
    }
  }
  return pgliteDatabase(await startPGlite({ extensions, loadDataDir: await pgliteTemplate }));
}

async function templatePath(): Promise<string> {
  const packageJson = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  return join(tmpdir(), `keel-pglite-template-${version}.tar`);
}

async function cachedTemplate(): Promise<Blob | undefined> {
  try {
    return await openAsBlob(await templatePath());
  } catch {
    return undefined;
  }
}

async function saveTemplate(dump: Blob): Promise<Blob> {
  const path = await templatePath();
  const partial = `${path}.${process.pid}.partial`;
  try {
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, path);
  } catch {
    // The cache only saves time; without it every instance runs initdb.
    await rm(partial, { force: true });
  }
  return dump;
}

async function dropDatabase(name: string): Promise<void> {
  await onServer(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
  );
  await onServer(`drop database if exists ${name} with (force)`);
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl(), connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach the test PostgreSQL server at ${testPostgresUrl()} (set KEEL_TEST_POSTGRES_URL, ` +
        `or KEEL_TEST_DATABASES=pglite to test on PGlite only)`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
