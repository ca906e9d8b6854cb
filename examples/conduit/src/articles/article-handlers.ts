import { KeelError, type OperationHandler } from 'keel';
import { sql, type Kysely } from 'kysely';
import type { operations } from '../generated/openapi.ts';
import { viewerOf, type DB } from '../shared/index.ts';
import { articleBySlug, articleOf, listArticles, type ArticleRow } from './article-query.ts';
import { slugFor } from './slug.ts';

type Handler<K extends keyof operations> = OperationHandler<operations[K], DB>;

/** The largest page a list returns, whatever `limit` asks. */
const maxPageSize = 100;

function page(query: { limit?: number; offset?: number }) {
  return { limit: Math.min(query.limit ?? 20, maxPageSize), offset: query.offset ?? 0 };
}

/** A list item: the article without its body, which lists do not carry. */
function listItem(row: ArticleRow) {
  const article = articleOf(row);
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    tagList: article.tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited: article.favorited,
    favoritesCount: article.favoritesCount,
    author: article.author,
  };
}

async function found(db: Kysely<DB>, slug: string, viewer: string | null): Promise<ArticleRow> {
  const row = await articleBySlug(db, slug, viewer);
  if (row === undefined) throw new KeelError('KEEL_NOT_FOUND', `article ${slug} not found`);
  return row;
}

/** An article the viewer wrote: KEEL_NOT_FOUND when there is none, KEEL_FORBIDDEN when someone else wrote it. */
async function ownArticleId(db: Kysely<DB>, slug: string, viewer: string): Promise<string> {
  const row = await db.selectFrom('articles').select(['id', 'author_id']).where('slug', '=', slug).executeTakeFirst();
  if (row === undefined) throw new KeelError('KEEL_NOT_FOUND', `article ${slug} not found`);
  if (row.author_id !== viewer) throw new KeelError('KEEL_FORBIDDEN', 'only the author may change this article');
  return row.id;
}

const GetArticles: Handler<'GetArticles'> = async (context) => {
  const { tag, author, favorited } = context.query;
  const { articles, count } = await listArticles(
    context.db,
    { tag, author, favorited },
    viewerOf(context),
    page(context.query),
  );
  return { status: 200, body: { articles: articles.map(listItem), articlesCount: count } };
};

const GetArticlesFeed: Handler<'GetArticlesFeed'> = async (context) => {
  const viewer = viewerOf(context);
  const { articles, count } = await listArticles(
    context.db,
    { followedBy: viewer ?? undefined },
    viewer,
    page(context.query),
  );
  return { status: 200, body: { articles: articles.map(listItem), articlesCount: count } };
};

const GetArticle: Handler<'GetArticle'> = async (context) => {
  const row = await found(context.db, context.params.slug, viewerOf(context));
  return { status: 200, body: { article: articleOf(row) } };
};

const CreateArticle: Handler<'CreateArticle'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const { title, description, body, tagList } = context.body.article;
  const inserted = await context.db
    .insertInto('articles')
    .values({
      slug: slugFor(title),
      title,
      description,
      body,
      // Sorted, as RealWorld clients show them (the public conformance suite checks the order).
      tag_list: [...new Set(tagList ?? [])].sort(),
      author_id: viewer,
    })
    .returning('slug')
    .executeTakeFirstOrThrow();
  return { status: 201, body: { article: articleOf(await found(context.db, inserted.slug, viewer)) } };
};

/** R-ART-4: the author changes the title (and with it the slug), the description or the body. */
const UpdateArticle: Handler<'UpdateArticle'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const id = await ownArticleId(context.db, context.params.slug, viewer);
  const { title, description, body } = context.body.article;
  const updated = await context.db
    .updateTable('articles')
    .set({
      ...(title === undefined ? {} : { title, slug: slugFor(title) }),
      ...(description === undefined ? {} : { description }),
      ...(body === undefined ? {} : { body }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning('slug')
    .executeTakeFirstOrThrow();
  return { status: 200, body: { article: articleOf(await found(context.db, updated.slug, viewer)) } };
};

const DeleteArticle: Handler<'DeleteArticle'> = async (context) => {
  const id = await ownArticleId(context.db, context.params.slug, viewerOf(context) ?? '');
  await context.db.deleteFrom('articles').where('id', '=', id).execute();
  return { status: 204 };
};

/** R-FAV-1: favouriting twice is one favourite. */
const CreateArticleFavorite: Handler<'CreateArticleFavorite'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const row = await found(context.db, context.params.slug, viewer);
  await context.db
    .insertInto('favorites')
    .values({ user_id: viewer, article_id: row.id })
    .onConflict((conflict) => conflict.columns(['user_id', 'article_id']).doNothing())
    .execute();
  return { status: 200, body: { article: articleOf(await found(context.db, row.slug, viewer)) } };
};

const DeleteArticleFavorite: Handler<'DeleteArticleFavorite'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const row = await found(context.db, context.params.slug, viewer);
  await context.db.deleteFrom('favorites').where('user_id', '=', viewer).where('article_id', '=', row.id).execute();
  return { status: 200, body: { article: articleOf(await found(context.db, row.slug, viewer)) } };
};

/** R-TAG-1: the tags in use, most used first. */
const GetTags: Handler<'GetTags'> = async (context) => {
  const { rows } = await sql<{ tag: string }>`
    select tag from articles, unnest(tag_list) as tag group by tag order by count(*) desc, tag limit 100`.execute(
    context.db,
  );
  return { status: 200, body: { tags: rows.map((row) => row.tag) } };
};

export const articleHandlers = {
  GetArticles,
  GetArticlesFeed,
  GetArticle,
  CreateArticle,
  UpdateArticle,
  DeleteArticle,
  CreateArticleFavorite,
  DeleteArticleFavorite,
  GetTags,
};
