import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../shared/index.ts';

/** One article with its author, as every article response has it. */
interface ArticleRow {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly body: string;
  readonly tag_list: string[];
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly favorites_count: number;
  readonly favorited: boolean;
  readonly username: string;
  readonly bio: string;
  readonly image: string;
  readonly following: boolean;
}

export interface ArticleFilter {
  readonly tag?: string | undefined;
  readonly author?: string | undefined;
  readonly favorited?: string | undefined;
  /** Only authors this user follows (the feed). */
  readonly followedBy?: string | undefined;
}

/**
 * Articles with their authors in one statement: favourite counts, the viewer's favourite and follow flags, newest
 * first. Each filter uses an index (tags: GIN on tag_list; author: articles_author_recent; favourites: the primary key).
 */
function selectArticles(viewer: string | null, where: RawBuilder<unknown>, limit: number, offset: number) {
  return sql<ArticleRow>`${articleColumns(viewer)}
    where ${where}
    order by a.created_at desc, a.id desc
    limit ${limit} offset ${offset}`;
}

function articleColumns(viewer: string | null) {
  return sql`
    select a.id, a.slug, a.title, a.description, a.body, a.tag_list, a.created_at, a.updated_at,
      (select count(*) from favorites f where f.article_id = a.id)::int as favorites_count,
      exists (select 1 from favorites f where f.article_id = a.id and f.user_id = ${viewer}::uuid) as favorited,
      u.username, u.bio, u.image,
      exists (select 1 from follows fo where fo.followed_id = a.author_id and fo.follower_id = ${viewer}::uuid) as following
    from articles a
    join users u on u.id = a.author_id`;
}

function conditions(filter: ArticleFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.tag !== undefined) parts.push(sql`a.tag_list @> array[${filter.tag}]::text[]`);
  if (filter.author !== undefined) {
    parts.push(sql`a.author_id = (select id from users where username = ${filter.author})`);
  }
  if (filter.favorited !== undefined) {
    parts.push(
      sql`a.id in (select f.article_id from favorites f join users fu on fu.id = f.user_id where fu.username = ${filter.favorited})`,
    );
  }
  if (filter.followedBy !== undefined) {
    parts.push(sql`a.author_id in (select followed_id from follows where follower_id = ${filter.followedBy}::uuid)`);
  }
  return sql.join(parts, sql` and `);
}

/** A page of articles and the number of articles the filter matches. */
export async function listArticles(
  db: Kysely<DB>,
  filter: ArticleFilter,
  viewer: string | null,
  page: { limit: number; offset: number },
): Promise<{ articles: ArticleRow[]; count: number }> {
  const where = conditions(filter);
  const { rows } = await selectArticles(viewer, where, page.limit, page.offset).execute(db);
  // A short first page is the whole list; otherwise the count is a statement of its own, so that the per-article
  // subqueries run for the page's rows only.
  if (page.offset === 0 && rows.length < page.limit) return { articles: rows, count: rows.length };
  const counted = await sql<{ count: number }>`select count(*)::int as count from articles a where ${where}`.execute(
    db,
  );
  return { articles: rows, count: counted.rows[0]?.count ?? 0 };
}

/** One article by slug, or undefined. */
export async function articleBySlug(
  db: Kysely<DB>,
  slug: string,
  viewer: string | null,
): Promise<ArticleRow | undefined> {
  // No ordering: the planner then takes the slug's unique index instead of walking the newest-first one.
  const { rows } = await sql<ArticleRow>`${articleColumns(viewer)} where a.slug = ${slug}`.execute(db);
  return rows[0];
}

/** The contract's Article (with body) or list item (`withBody` false). */
export function articleOf(row: ArticleRow) {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    tagList: row.tag_list,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    favorited: row.favorited,
    favoritesCount: row.favorites_count,
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
  };
}

export type { ArticleRow };
