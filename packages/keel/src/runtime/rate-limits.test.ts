import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadProject } from '../project/index.ts';
import { handlers } from './fixtures/widgets/handlers.ts';
import { createApp, type KeelApp } from './index.ts';
import { parseRateLimit, type RateLimitsConfig } from './rate-limit-config.ts';

const fixture = fileURLToPath(new URL('./fixtures/widgets', import.meta.url));
const redisUrl = 'redis://127.0.0.1:6379';

const limits = (read: number, write: number): RateLimitsConfig => ({
  read: { max: read, windowSeconds: 60 },
  write: { max: write, windowSeconds: 60 },
  public: { max: write, windowSeconds: 60 },
});

/** A caller address no earlier run used, so counters kept in Redis by other runs do not count. */
const freshAddress = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

describe('rate limits', () => {
  const apps: KeelApp[] = [];
  const start = async (options: { rateLimits: RateLimitsConfig; redisUrl?: string }): Promise<KeelApp> => {
    const app = await createApp({
      dir: fixture,
      handlers,
      inMemory: true,
      mode: 'test',
      runtime: { rateLimits: options.rateLimits },
      ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
    });
    apps.push(app);
    return app;
  };
  after(async () => {
    for (const app of apps) await app.close();
  });

  const list = (app: KeelApp, address: string) =>
    app.inject({ method: 'GET', url: '/widgets', remoteAddress: address });

  test('the request past the limit is a 429 problem with Retry-After, and other classes and callers still pass', async () => {
    const app = await start({ rateLimits: limits(3, 100) });
    const address = freshAddress();
    for (let i = 0; i < 3; i++) assert.equal((await list(app, address)).statusCode, 200);
    const refused = await list(app, address);
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    const problem = refused.json<{ code: string; status: number; limit: number }>();
    assert.equal(problem.code, 'KEEL_RATE_LIMITED');
    assert.equal(problem.status, 429);
    assert.equal(problem.limit, 3);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${String(refused.headers['retry-after'])}`);
    assert.equal(refused.headers['x-ratelimit-limit'], '3');
    // Another caller has its own count; the same caller's writes have theirs.
    assert.equal((await list(app, freshAddress())).statusCode, 200);
    const write = await app.inject({
      method: 'POST',
      url: '/widgets',
      remoteAddress: address,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'sprocket' }),
    });
    assert.notEqual(write.statusCode, 429);
  });

  test('requests under the limit carry no rate-limit headers', async () => {
    const app = await start({ rateLimits: limits(5, 5) });
    const response = await list(app, freshAddress());
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-ratelimit-remaining'], undefined);
  });

  test('two instances sharing Redis enforce one limit', async () => {
    const first = await start({ rateLimits: limits(4, 100), redisUrl });
    const second = await start({ rateLimits: limits(4, 100), redisUrl });
    const address = freshAddress();
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first, second])
      statuses.push((await list(app, address)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  });

  test('without Redis sharing, each instance counts alone', async () => {
    const first = await start({ rateLimits: limits(2, 100) });
    const second = await start({ rateLimits: limits(2, 100) });
    const address = freshAddress();
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first]) statuses.push((await list(app, address)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
  });

  test('Redis not answering lets requests through rather than failing them', async () => {
    const app = await start({ rateLimits: limits(1, 1), redisUrl: 'redis://127.0.0.1:1' });
    const address = freshAddress();
    for (let i = 0; i < 3; i++) assert.equal((await list(app, address)).statusCode, 200);
  });

  test('`off` turns a class off', async () => {
    const app = await start({ rateLimits: { read: 'off', write: 'off', public: 'off' } });
    const address = freshAddress();
    for (let i = 0; i < 5; i++) assert.equal((await list(app, address)).statusCode, 200);
  });
});

describe('rate limit settings', () => {
  test('keel.yaml spellings', () => {
    assert.deepEqual(parseRateLimit('600/min'), { max: 600, windowSeconds: 60 });
    assert.deepEqual(parseRateLimit('10/s'), { max: 10, windowSeconds: 1 });
    assert.deepEqual(parseRateLimit('5000/hour'), { max: 5000, windowSeconds: 3600 });
    assert.equal(parseRateLimit('off'), 'off');
    assert.throws(() => parseRateLimit('0/min'), { code: 'KEEL_CONFIG_INVALID' });
    assert.throws(() => parseRateLimit('10/fortnight'), { code: 'KEEL_CONFIG_INVALID' });
  });

  test('keel.yaml sets some classes over the defaults, and refuses a bad limit at its line', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-rate-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'keel.yaml'), 'runtime:\n  rateLimits:\n    public: 5/min\n');
    const project = await loadProject(dir);
    assert.deepEqual(project.config.runtime.rateLimits?.public, { max: 5, windowSeconds: 60 });
    assert.deepEqual(project.config.runtime.rateLimits?.read, { max: 1200, windowSeconds: 60 });
    await writeFile(join(dir, 'keel.yaml'), 'runtime:\n  rateLimits:\n    read: lots\n');
    await assert.rejects(loadProject(dir), (error: { code: string; message: string }) => {
      assert.equal(error.code, 'KEEL_CONFIG_INVALID');
      assert.match(error.message, /^keel\.yaml:3:/);
      return true;
    });
  });
});
