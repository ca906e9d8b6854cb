import { KeelError, type OperationHandler } from 'keel';
import { sql } from 'kysely';
import { articleBySlug } from '../articles/index.ts';
import type { operations } from '../generated/openapi.ts';
import { profileOf, viewerOf, type DB } from '../shared/index.ts';

type Handler<K extends keyof operations> = OperationHandler<operations[K], DB>;

interface CommentRow {
  readonly id: string;
  readonly body: string;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly username: string;
  readonly bio: string;
  readonly image: string;
  readonly following: boolean;
}

function commentOf(row: CommentRow) {
  return {
    id: Number(row.id),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    body: row.body,
    author: profileOf(row),
  };
}

function comments(where: ReturnType<typeof sql>, viewer: string | null) {
  return sql<CommentRow>`
    select c.id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image,
      exists (select 1 from follows f where f.followed_id = c.author_id and f.follower_id = ${viewer}::uuid) as following
    from comments c join users u on u.id = c.author_id
    where ${where}
    order by c.id
    limit 1000`;
}

const GetArticleComments: Handler<'GetArticleComments'> = async (context) => {
  const viewer = viewerOf(context);
  const article = await articleBySlug(context.db, context.params.slug, viewer);
  if (article === undefined) throw new KeelError('KEEL_NOT_FOUND', `article ${context.params.slug} not found`);
  const { rows } = await comments(sql`c.article_id = ${article.id}`, viewer).execute(context.db);
  return { status: 200, body: { comments: rows.map(commentOf) } };
};

const CreateArticleComment: Handler<'CreateArticleComment'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const article = await context.db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', context.params.slug)
    .executeTakeFirst();
  if (article === undefined) throw new KeelError('KEEL_NOT_FOUND', `article ${context.params.slug} not found`);
  const inserted = await context.db
    .insertInto('comments')
    .values({ article_id: article.id, author_id: viewer, body: context.body.comment.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { rows } = await comments(sql`c.id = ${inserted.id}`, viewer).execute(context.db);
  const row = rows[0];
  if (row === undefined) throw new KeelError('KEEL_INTERNAL', 'the new comment could not be read back');
  return { status: 200, body: { comment: commentOf(row) } };
};

/** R-COM-2: only the comment's author deletes it (BR-COM-1). */
const DeleteArticleComment: Handler<'DeleteArticleComment'> = async (context) => {
  const viewer = viewerOf(context) ?? '';
  const row = await context.db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .select(['c.id', 'c.author_id'])
    .where('a.slug', '=', context.params.slug)
    .where('c.id', '=', String(context.params.id))
    .executeTakeFirst();
  if (row === undefined) throw new KeelError('KEEL_NOT_FOUND', `comment ${context.params.id} not found`);
  if (row.author_id !== viewer) throw new KeelError('KEEL_FORBIDDEN', 'only the author may delete this comment');
  await context.db.deleteFrom('comments').where('id', '=', row.id).execute();
  return { status: 204 };
};

export const commentHandlers = { GetArticleComments, CreateArticleComment, DeleteArticleComment };
