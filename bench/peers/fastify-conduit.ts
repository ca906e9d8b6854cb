/**
 * Hand-written Fastify serving the three benchmarked Conduit endpoints with the same SQL as Keel's handlers
 * (conduit-sql.ts): JSON Schemas for the body and for serialisation, node-postgres (pool of 10), pino at `warn`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import {
  articleBySlugSql,
  articleOf,
  type ArticleRow,
  countArticlesSql,
  errorsOf,
  insertArticleSql,
  listArticlesSql,
  newArticleSchema,
  slugFor,
  tokenVerifier,
} from './conduit-sql.ts';

const profile = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    bio: { type: 'string' },
    image: { type: 'string' },
    following: { type: 'boolean' },
  },
};
const articleProperties = {
  slug: { type: 'string' },
  title: { type: 'string' },
  description: { type: 'string' },
  tagList: { type: 'array', items: { type: 'string' } },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  favorited: { type: 'boolean' },
  favoritesCount: { type: 'integer' },
  author: profile,
};
const singleArticle = {
  type: 'object',
  properties: { article: { type: 'object', properties: { ...articleProperties, body: { type: 'string' } } } },
};

interface NewArticle {
  article: { title: string; description: string; body: string; tagList?: string[] };
}

export async function buildFastifyConduit(databaseUrl: string): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const verify = await tokenVerifier(pool);
  const app = Fastify({ logger: { level: 'warn' } });
  app.addHook('onClose', () => pool.end());

  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/articles',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              articles: { type: 'array', items: { type: 'object', properties: articleProperties } },
              articlesCount: { type: 'integer' },
            },
          },
        },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const { rows } = await pool.query<ArticleRow>(listArticlesSql, [null, limit, offset]);
      const count =
        offset === 0 && rows.length < limit
          ? rows.length
          : (await pool.query<{ count: number }>(countArticlesSql)).rows[0]?.count;
      return { articles: rows.map((row) => articleOf(row, false)), articlesCount: count };
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/articles/:slug',
    { schema: { response: { 200: singleArticle } } },
    async (request, reply) => {
      const { rows } = await pool.query<ArticleRow>(articleBySlugSql, [null, request.params.slug]);
      const row = rows[0];
      if (row === undefined) return reply.code(404).send(errorsOf('article not found'));
      return { article: articleOf(row) };
    },
  );

  app.post<{ Body: NewArticle }>(
    '/articles',
    { schema: { body: newArticleSchema, response: { 201: singleArticle } } },
    async (request, reply) => {
      const userId = await verify(request.headers.authorization);
      if (userId === undefined)
        return reply.code(401).header('www-authenticate', 'Token').send(errorsOf('unauthorized'));
      const { title, description, body, tagList } = request.body.article;
      const tags = [...new Set(tagList ?? [])].sort();
      const inserted = await pool.query<{ slug: string }>(insertArticleSql, [
        slugFor(title),
        title,
        description,
        body,
        tags,
        userId,
      ]);
      const { rows } = await pool.query<ArticleRow>(articleBySlugSql, [userId, inserted.rows[0]?.slug]);
      const created = rows[0];
      if (created === undefined) throw new Error('the new article could not be read back');
      return reply.code(201).send({ article: articleOf(created) });
    },
  );
  return app;
}
