/**
 * An Express 5 app serving the three benchmarked Conduit endpoints with the same SQL as Keel's handlers
 * (conduit-sql.ts), written as an Express team would: express.json(), the body validated with Ajv against the same
 * JSON Schema, res.json, node-postgres (pool of 10), no request logging.
 */
import type { Server } from 'node:http';
import { Ajv } from 'ajv';
import express from 'express';
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

interface NewArticle {
  article: { title: string; description: string; body: string; tagList?: string[] };
}

export interface PeerServer {
  listen(port: number): Promise<void>;
  close(): Promise<void>;
}

export async function buildExpressConduit(databaseUrl: string): Promise<PeerServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const verify = await tokenVerifier(pool);
  const validNewArticle = new Ajv().compile<NewArticle>(newArticleSchema);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  const page = (value: unknown, fallback: number, min: number, max: number): number | undefined => {
    if (value === undefined) return fallback;
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
  };

  app.get('/articles', async (request, response) => {
    const limit = page(request.query['limit'], 20, 1, 100);
    const offset = page(request.query['offset'], 0, 0, 100000);
    if (limit === undefined || offset === undefined) {
      response.status(422).json(errorsOf('limit or offset is not valid'));
      return;
    }
    const { rows } = await pool.query<ArticleRow>(listArticlesSql, [null, limit, offset]);
    const count =
      offset === 0 && rows.length < limit
        ? rows.length
        : (await pool.query<{ count: number }>(countArticlesSql)).rows[0]?.count;
    response.json({ articles: rows.map((row) => articleOf(row, false)), articlesCount: count });
  });

  app.get('/articles/:slug', async (request, response) => {
    const { rows } = await pool.query<ArticleRow>(articleBySlugSql, [null, request.params.slug]);
    const row = rows[0];
    if (row === undefined) {
      response.status(404).json(errorsOf('article not found'));
      return;
    }
    response.json({ article: articleOf(row) });
  });

  app.post('/articles', async (request, response) => {
    const userId = await verify(request.headers.authorization);
    if (userId === undefined) {
      response.status(401).set('www-authenticate', 'Token').json(errorsOf('unauthorized'));
      return;
    }
    const body: unknown = request.body;
    if (!validNewArticle(body)) {
      response.status(422).json(errorsOf(validNewArticle.errors?.[0]?.message ?? 'invalid'));
      return;
    }
    const { title, description, body: text, tagList } = body.article;
    const tags = [...new Set(tagList ?? [])].sort();
    const inserted = await pool.query<{ slug: string }>(insertArticleSql, [
      slugFor(title),
      title,
      description,
      text,
      tags,
      userId,
    ]);
    const { rows } = await pool.query<ArticleRow>(articleBySlugSql, [userId, inserted.rows[0]?.slug]);
    const created = rows[0];
    if (created === undefined) throw new Error('the new article could not be read back');
    response.status(201).json({ article: articleOf(created) });
  });

  let server: Server | undefined;
  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        server = app.listen(port, '127.0.0.1', (error) => (error === undefined ? resolve() : reject(error)));
      }),
    async close() {
      // Requests in flight on kept-alive connections may still need the pool: it goes with the process.
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}
