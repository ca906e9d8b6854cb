/**
 * The SQL the hand-written peers send: the statements examples/conduit's handlers have Kysely compile
 * (src/articles/article-query.ts, src/articles/article-handlers.ts), written out with their parameters, and the code
 * around them every peer shares: the slug, the article's JSON shape, token verification. The NestJS peer, plain
 * JavaScript (Node's type stripping does not run decorators), imports it too.
 */
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type pg from 'pg';

/** A row of the article statements. */
export interface ArticleRow {
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

const articleColumns = `a.id, a.slug, a.title, a.description, a.body, a.tag_list, a.created_at, a.updated_at,
      (select count(*) from favorites f where f.article_id = a.id)::int as favorites_count,
      exists (select 1 from favorites f where f.article_id = a.id and f.user_id = $1::uuid) as favorited,
      u.username, u.bio, u.image,
      exists (select 1 from follows fo where fo.followed_id = a.author_id and fo.follower_id = $1::uuid) as following
    from articles a
    join users u on u.id = a.author_id`;

/** $1 viewer (null), $2 limit, $3 offset. */
export const listArticlesSql = `select ${articleColumns}
    where true
    order by a.created_at desc, a.id desc
    limit $2 offset $3`;

export const countArticlesSql = 'select count(*)::int as count from articles a where true';

/** $1 viewer (null), $2 slug. */
export const articleBySlugSql = `select ${articleColumns} where a.slug = $2`;

/** $1 slug, $2 title, $3 description, $4 body, $5 tag_list, $6 author_id. */
export const insertArticleSql = `insert into articles (slug, title, description, body, tag_list, author_id)
    values ($1, $2, $3, $4, $5, $6) returning slug`;

/** As examples/conduit/src/articles/slug.ts. */
export function slugFor(title: string): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 180)
    .replace(/-+$/, '');
  return `${base === '' ? 'article' : base}-${randomBytes(3).toString('hex')}`;
}

/** The contract's Article; without `body` for list items. */
export function articleOf(row: ArticleRow, withBody = true) {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(withBody ? { body: row.body } : {}),
    tagList: row.tag_list,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    favorited: row.favorited,
    favoritesCount: row.favorites_count,
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
  };
}

/** The NewArticleRequest body, as a JSON Schema the peers validate with (Fastify's compiler, or Ajv by hand). */
export const newArticleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['article'],
  properties: {
    article: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'description', 'body'],
      properties: {
        title: { type: 'string', maxLength: 200 },
        description: { type: 'string', maxLength: 1000 },
        body: { type: 'string', maxLength: 100000 },
        tagList: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 100 } },
      },
    },
  },
};

/**
 * Verifies `Authorization: Token <jwt>` as a careful hand-written app does: ES256 pinned, issuer and audience checked,
 * the keys those of Keel's identity provider (read once from keel.signing_keys). Resolves to the user id, or undefined.
 */
export async function tokenVerifier(pool: pg.Pool): Promise<(header: unknown) => Promise<string | undefined>> {
  const { rows } = await pool.query<{ public_jwk: JWK }>('select public_jwk from keel.signing_keys');
  const keys = createLocalJWKSet({ keys: rows.map((row) => row.public_jwk) });
  return async (header: unknown) => {
    if (typeof header !== 'string' || !header.startsWith('Token ')) return undefined;
    try {
      const { payload } = await jwtVerify(header.slice(6), keys, {
        issuer: 'https://conduit.example.com',
        audience: 'conduit-api',
        algorithms: ['ES256'],
      });
      return typeof payload.sub === 'string' ? payload.sub : undefined;
    } catch {
      return undefined;
    }
  };
}

/** The RealWorld error body. */
export function errorsOf(message: string) {
  return { errors: { body: [message] } };
}
