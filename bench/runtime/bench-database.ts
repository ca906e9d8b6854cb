/**
 * The benchmark's scratch database: a fresh PostgreSQL database with the flagship's migrations, one organisation with
 * one member, 20 resources and 10,000 bookings. Shared by run.ts, in-process.ts and instructions.ts.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate, openDatabase, readMigrations } from 'keel';

export interface Fixture {
  readonly orgId: string;
  /** A user holding the role member in the organisation, for the signed-in endpoint. */
  readonly memberId: string;
  readonly resourceId: string;
  readonly bookingIds: readonly string[];
}

export interface BenchDatabase {
  readonly url: string;
  readonly fixture: Fixture;
  /** Drops the database, even while connections to it are open. */
  drop(): Promise<void>;
}

/** The server the scratch database is created on. */
export const adminUrl = process.env['KEEL_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `keel_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    try {
      await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  };
  try {
    return { url: url.toString(), fixture: await seed(url.toString()), drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

async function seed(databaseUrl: string): Promise<Fixture> {
  const database = await openDatabase({ url: databaseUrl });
  try {
    const migrations = fileURLToPath(new URL('../../examples/bookings/migrations', import.meta.url));
    await migrate(database, await readMigrations(migrations));
  } finally {
    await database.close();
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const org = await client.query<{ id: string }>(
      `insert into organisations (name, slug) values ('Bench', 'bench') returning id`,
    );
    const orgId = org.rows[0]?.id as string;
    const resources = await client.query<{ id: string }>(
      `insert into resources (org_id, name) select $1, 'room ' || n from generate_series(1, 20) n returning id`,
      [orgId],
    );
    const resourceId = resources.rows[0]?.id as string;
    const member = await client.query<{ id: string }>(
      `insert into users (email) values ('member@bench.example') returning id`,
    );
    const memberId = member.rows[0]?.id as string;
    await client.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'member')`, [orgId, memberId]);
    const bookings = await client.query<{ id: string }>(
      `insert into bookings (org_id, resource_id, starts_at, ends_at, created_by)
       select $1, r.id, timestamptz '2026-01-01' + n * interval '1 hour', timestamptz '2026-01-01' + (n * interval '1 hour') + interval '30 minutes',
              '00000000-0000-0000-0000-000000000000'
         from generate_series(1, 500) n cross join resources r
       returning id`,
      [orgId],
    );
    await client.query('analyze');
    return { orgId, memberId, resourceId, bookingIds: bookings.rows.slice(0, 100).map((row) => row.id) };
  } finally {
    await client.end();
  }
}
