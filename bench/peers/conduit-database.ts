/**
 * The peers benchmark's scratch database: a fresh PostgreSQL database migrated by Keel (examples/conduit's migrations
 * and Keel's identity tables), 50 authors, 1,000 articles with tags, favourites and follows, and one signed-up user whose
 * access tokens the POST endpoint sends.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp, type KeelApp } from 'keel';

export const adminUrl = process.env['KEEL_BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const conduit = fileURLToPath(new URL('../../examples/conduit', import.meta.url));

export interface ConduitBenchDatabase {
  readonly url: string;
  /** Slugs of seeded articles, for the one-article endpoint. */
  readonly slugs: readonly string[];
  /** A fresh access token of the bench user (tokens last 15 minutes: ask before each use). */
  token(): Promise<string>;
  /** Deletes the articles the POST endpoint created, so that every app reads the same data. */
  reset(): Promise<void>;
  /** Closes Keel's handle and drops the database. */
  drop(): Promise<void>;
}

export async function createConduitBenchDatabase(): Promise<ConduitBenchDatabase> {
  const name = `keel_bench_conduit_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let keel: KeelApp | undefined;
  const client = new pg.Client({ connectionString: url.toString() });
  const drop = async () => {
    try {
      await client.end().catch(() => undefined);
      await keel?.close();
      await admin.query(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  };
  try {
    // Keel migrates, creates its identity tables and the application role, as `keel serve` does at start-up.
    keel = await createApp({ dir: conduit, databaseUrl: url.toString(), mode: 'production', logger: false });
    const identity = keel.identity;
    if (identity === undefined) throw new Error('examples/conduit has no Keel-managed keys');
    await client.connect();
    const account = await identity.signUp('bench@example.com', 'correct horse battery staple');
    await client.query(`insert into users (id, username, email) values ($1, 'bench', 'bench@example.com')`, [
      account.id,
    ]);
    await client.query(`
      insert into users (id, username, email, bio)
        select gen_random_uuid(), 'author' || n, 'author' || n || '@example.com', 'Writes about ' || n
        from generate_series(1, 50) n;
      insert into articles (slug, title, description, body, tag_list, author_id, created_at, updated_at)
        select 'seeded-article-' || n, 'Seeded article ' || n, 'About ' || n, repeat('Lorem ipsum dolor sit amet. ', 40),
          array['common', 'tag' || (n % 20)], u.id, now() - n * interval '1 minute', now() - n * interval '1 minute'
        from generate_series(1, 1000) n
        join (select id, row_number() over (order by username) as k from users where username like 'author%') u
          on u.k = 1 + n % 50;
      insert into favorites (user_id, article_id)
        select u.id, a.id from users u join articles a on (a.id + hashtext(u.username)) % 17 = 0
        where u.username like 'author%';
      insert into follows (follower_id, followed_id)
        select b.id, u.id from users b, users u where b.username = 'bench' and u.username in ('author1', 'author2');
      analyze;
    `);
    const { rows } = await client.query<{ slug: string }>('select slug from articles order by id limit 200');
    await identity.issueTokensFor(account.id); // creates the signing key the peers read at start-up
    return {
      url: url.toString(),
      slugs: rows.map((row) => row.slug),
      token: async () => (await identity.issueTokensFor(account.id)).accessToken,
      reset: async () => {
        await client.query(`delete from articles where title like 'Bench article %'`);
      },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
