/**
 * A NestJS app (platform-express, Nest's default) serving the three benchmarked Conduit endpoints with the same SQL as
 * Keel's handlers (conduit-sql.ts): a controller, a provider holding the node-postgres pool (10), the body validated
 * with Ajv against the same JSON Schema, Nest's logger at warn and error only.
 *
 * Plain JavaScript, because Node's type stripping runs no decorators: each decorator is applied by hand, as
 * TypeScript's own `__decorate` helper would (class decorators called with the class, method decorators through
 * Reflect.decorate with the property descriptor, parameter decorators called with the prototype, the method name and
 * the index). Nest reads exactly the metadata those calls write, so the app is the one a TypeScript project would run.
 */
import 'reflect-metadata';
import { Ajv } from 'ajv';
import { Body, Controller, Get, Headers, HttpException, Inject, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import {
  articleBySlugSql,
  articleOf,
  countArticlesSql,
  errorsOf,
  insertArticleSql,
  listArticlesSql,
  newArticleSchema,
  slugFor,
  tokenVerifier,
} from './conduit-sql.ts';

const storeToken = 'CONDUIT_STORE';

/** Applies method decorators the way TypeScript's `__decorate` does. */
function decorateMethod(target, name, decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  const decorated = Reflect.decorate(decorators, target, name, descriptor);
  Object.defineProperty(target, name, decorated ?? descriptor);
}

function page(value, fallback, min, max) {
  if (value === undefined) return fallback;
  const number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}

class ArticlesController {
  constructor(store) {
    this.store = store;
  }

  async list(query) {
    const limit = page(query.limit, 20, 1, 100);
    const offset = page(query.offset, 0, 0, 100000);
    if (limit === undefined || offset === undefined) {
      throw new HttpException(errorsOf('limit or offset is not valid'), 422);
    }
    const { rows } = await this.store.pool.query(listArticlesSql, [null, limit, offset]);
    const count =
      offset === 0 && rows.length < limit
        ? rows.length
        : (await this.store.pool.query(countArticlesSql)).rows[0]?.count;
    return { articles: rows.map((row) => articleOf(row, false)), articlesCount: count };
  }

  async one(slug) {
    const { rows } = await this.store.pool.query(articleBySlugSql, [null, slug]);
    if (rows[0] === undefined) throw new HttpException(errorsOf('article not found'), 404);
    return { article: articleOf(rows[0]) };
  }

  async create(authorization, body) {
    const userId = await this.store.verify(authorization);
    if (userId === undefined) throw new HttpException(errorsOf('unauthorized'), 401);
    if (!this.store.validNewArticle(body)) {
      throw new HttpException(errorsOf(this.store.validNewArticle.errors?.[0]?.message ?? 'invalid'), 422);
    }
    const { title, description, body: text, tagList } = body.article;
    const tags = [...new Set(tagList ?? [])].sort();
    const inserted = await this.store.pool.query(insertArticleSql, [
      slugFor(title),
      title,
      description,
      text,
      tags,
      userId,
    ]);
    const { rows } = await this.store.pool.query(articleBySlugSql, [userId, inserted.rows[0]?.slug]);
    return { article: articleOf(rows[0]) };
  }
}
// @Get('articles') list(@Query() query)
decorateMethod(ArticlesController.prototype, 'list', [Get('articles')]);
Query()(ArticlesController.prototype, 'list', 0);
// @Get('articles/:slug') one(@Param('slug') slug)
decorateMethod(ArticlesController.prototype, 'one', [Get('articles/:slug')]);
Param('slug')(ArticlesController.prototype, 'one', 0);
// @Post('articles') create(@Headers('authorization') authorization, @Body() body): 201 is Nest's default for POST
decorateMethod(ArticlesController.prototype, 'create', [Post('articles')]);
Headers('authorization')(ArticlesController.prototype, 'create', 0);
Body()(ArticlesController.prototype, 'create', 1);
// constructor(@Inject(storeToken) store), then @Controller()
Inject(storeToken)(ArticlesController, undefined, 0);
Controller()(ArticlesController);

/** Builds the app; `listen(port)` and `close()` as the other peers. */
export async function buildNestConduit(databaseUrl) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const store = { pool, verify: await tokenVerifier(pool), validNewArticle: new Ajv().compile(newArticleSchema) };
  // Nest's modules are empty classes that carry metadata.
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class
  class AppModule {}
  Module({ controllers: [ArticlesController], providers: [{ provide: storeToken, useValue: store }] })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: ['warn', 'error'] });
  return {
    listen: async (port) => {
      await app.listen(port, '127.0.0.1');
    },
    close: async () => {
      // Nest's close does not wait for requests in flight on kept-alive connections; the pool goes with the process.
      await app.close();
    },
  };
}
