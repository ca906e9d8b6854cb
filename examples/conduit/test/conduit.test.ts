import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, type KeelApp } from 'keel';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from 'keel/testing';

const project = fileURLToPath(new URL('..', import.meta.url));
const json = { 'content-type': 'application/json' };

interface Errors {
  errors: { body: string[] };
}

for (const kind of testDatabaseKinds()) {
  describe(`conduit's own rules on ${kind}`, () => {
    let testDatabase: TestDatabase;
    let app: KeelApp;
    const tokens = new Map<string, string>();

    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as?: string, body?: unknown) =>
      app.inject({
        method,
        url,
        headers: { ...json, ...(as === undefined ? {} : { authorization: `Token ${tokens.get(as) ?? ''}` }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const register = async (username: string) => {
      const response = await call('POST', '/users', undefined, {
        user: { username, email: `${username}@example.com`, password: 'correct horse battery' },
      });
      assert.equal(response.statusCode, 201, response.body);
      tokens.set(username, response.json<{ user: { token: string } }>().user.token);
    };
    const write = async (as: string, title: string, tagList: string[] = []) => {
      const response = await call('POST', '/articles', as, {
        article: { title, description: 'd', body: 'b', tagList },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<{ article: { slug: string; tagList: string[] } }>().article;
    };

    before(async () => {
      testDatabase = await createTestDatabase(kind);
      app = await createApp({ dir: project, database: testDatabase.database, mode: 'test' });
      await register('jake');
      await register('ann');
    });
    after(async () => {
      await app?.close();
      await testDatabase?.dispose();
    });

    test('AC-USR-1-2, AC-USR-1-3: a taken username and a missing field are 422 with errors.body', async () => {
      const taken = await call('POST', '/users', undefined, {
        user: { username: 'jake', email: 'other@example.com', password: 'correct horse battery' },
      });
      assert.equal(taken.statusCode, 422);
      assert.deepEqual(taken.json<Errors>(), { errors: { body: ['username has already been taken'] } });
      const missing = await call('POST', '/users', undefined, { user: { username: 'kim', email: 'kim@example.com' } });
      assert.equal(missing.statusCode, 422);
      assert.deepEqual(missing.json<Errors>().errors.body, ['user.password is required']);
      const nobody = await call('POST', '/users/login', undefined, {
        user: { email: 'kim@example.com', password: 'correct horse battery' },
      });
      assert.equal(nobody.statusCode, 401, 'nothing was created');
    });

    test('AC-USR-3-2: without a Token header, or with a Bearer one, the answer is 401 naming the Token scheme', async () => {
      const without = await call('GET', '/user');
      assert.equal(without.statusCode, 401);
      assert.equal(without.headers['www-authenticate'], 'Token');
      assert.equal(without.json<Errors>().errors.body.length, 1);
      const bearer = await app.inject({
        method: 'GET',
        url: '/user',
        headers: { authorization: `Bearer ${tokens.get('jake') ?? ''}` },
      });
      assert.equal(bearer.statusCode, 401);
      const token = await call('GET', '/user', 'jake');
      assert.equal(token.statusCode, 200);
      assert.equal(token.json<{ user: { username: string } }>().user.username, 'jake');
    });

    test('AC-ART-3-1, AC-ART-4-1: tags are sorted and distinct; only the author changes or deletes the article', async () => {
      const article = await write('jake', 'How to train your dragon', ['training', 'dragons', 'training']);
      assert.match(article.slug, /^how-to-train-your-dragon-[0-9a-f]{6}$/);
      assert.deepEqual(article.tagList, ['dragons', 'training']);
      const byAnn = await call('PUT', `/articles/${article.slug}`, 'ann', { article: { body: 'mine now' } });
      assert.equal(byAnn.statusCode, 403);
      assert.equal((await call('DELETE', `/articles/${article.slug}`, 'ann')).statusCode, 403);
      const read = await call('GET', `/articles/${article.slug}`);
      assert.equal(read.json<{ article: { body: string } }>().article.body, 'b');
      assert.equal((await call('DELETE', `/articles/${article.slug}`, 'jake')).statusCode, 204);
      assert.equal((await call('GET', `/articles/${article.slug}`)).statusCode, 404);
    });

    test('AC-ART-2-1, AC-FAV-1-1: the feed holds the followed authors only; favouriting twice counts once', async () => {
      await register('celeb');
      const first = await write('celeb', 'First');
      await write('celeb', 'Second');
      await write('ann', 'Not followed');
      assert.equal((await call('POST', '/profiles/celeb/follow', 'jake')).statusCode, 200);
      const feed = await call('GET', '/articles/feed', 'jake');
      const page = feed.json<{ articles: { title: string }[]; articlesCount: number }>();
      assert.deepEqual(
        page.articles.map((item) => item.title),
        ['Second', 'First'],
      );
      assert.equal(page.articlesCount, 2);
      await call('POST', `/articles/${first.slug}/favorite`, 'jake');
      const again = await call('POST', `/articles/${first.slug}/favorite`, 'jake');
      assert.deepEqual(
        (({ favorited, favoritesCount }) => ({ favorited, favoritesCount }))(
          again.json<{ article: { favorited: boolean; favoritesCount: number } }>().article,
        ),
        { favorited: true, favoritesCount: 1 },
      );
      const asVisitor = await call('GET', `/articles/${first.slug}`);
      assert.equal(asVisitor.json<{ article: { favorited: boolean } }>().article.favorited, false);
    });

    test('AC-ART-1-2: a page is 20 by default, counts every match, and a limit past 100 is refused', async () => {
      for (let index = 0; index < 21; index += 1) await write('ann', `Bulk ${index}`, ['bulk']);
      const page = await call('GET', '/articles?tag=bulk');
      const body = page.json<{ articles: unknown[]; articlesCount: number }>();
      assert.equal(body.articles.length, 20);
      assert.equal(body.articlesCount, 21);
      const past = await call('GET', '/articles?tag=bulk&offset=40');
      assert.deepEqual(past.json<{ articlesCount: number }>().articlesCount, 21);
      assert.equal((await call('GET', '/articles?limit=101')).statusCode, 422);
    });

    test('AC-COM-2-1: only the comment author deletes a comment', async () => {
      const article = await write('jake', 'Comment on me');
      const created = await call('POST', `/articles/${article.slug}/comments`, 'jake', { comment: { body: 'first' } });
      const id = created.json<{ comment: { id: number } }>().comment.id;
      assert.equal((await call('DELETE', `/articles/${article.slug}/comments/${id}`, 'ann')).statusCode, 403);
      assert.equal((await call('DELETE', `/articles/${article.slug}/comments/${id}`, 'jake')).statusCode, 204);
      const left = await call('GET', `/articles/${article.slug}/comments`);
      assert.deepEqual(left.json<{ comments: unknown[] }>().comments, []);
    });
  });
}
