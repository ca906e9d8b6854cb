import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Operation } from '../contract/index.ts';
import { KeelError } from '../errors/index.ts';
import { operationClasses, type OperationClass, type RateLimitsConfig } from './rate-limit-config.ts';

/** Public when its security requirements allow a caller with no credentials (an empty requirement). */
export function classOf(operation: Operation): OperationClass {
  if (operation.method === 'get' || operation.method === 'head') return 'read';
  const security = operation.security;
  return security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0)
    ? 'public'
    : 'write';
}

export interface RateLimitSettings {
  readonly limits: RateLimitsConfig;
  /** A Redis URL: counters are shared by every instance using it; otherwise each instance counts alone. */
  readonly redisUrl?: string | undefined;
  /** Redis keys start with this, so projects sharing a Redis server do not share counters. */
  readonly namespace: string;
  /** The authenticated caller's stable id, when there is one; otherwise the caller is its address. */
  readonly principalOf?: (request: FastifyRequest) => string | undefined;
}

/** Route options per operation class, from {@link registerRateLimits}. */
export type RateLimitRouteConfig = (operation: Operation) => RateLimitOptions | false;

/**
 * Registers `@fastify/rate-limit` (before the routes: it attaches its hook as each route is added) and returns the
 * per-route configuration. The check runs in `preParsing`, after authentication (in `onRequest`) and before the body
 * is read. When Redis fails, requests are let through and the failure is logged: a limiter outage must not become an
 * API outage.
 */
export async function registerRateLimits(
  fastify: FastifyInstance,
  settings: RateLimitSettings,
): Promise<RateLimitRouteConfig> {
  const active = operationClasses.some((name) => settings.limits[name] !== 'off');
  if (!active) return () => false;
  let redis: Redis | undefined;
  if (settings.redisUrl !== undefined) {
    const { Redis: RedisClient } = await import('ioredis');
    redis = new RedisClient(settings.redisUrl, {
      connectTimeout: 500,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
      lazyConnect: false,
    });
    redis.on('error', (error: Error) => fastify.log.warn({ err: error }, 'rate limits: Redis is not answering'));
    const client = redis;
    fastify.addHook('onClose', async () => {
      await client.quit().catch(() => client.disconnect());
    });
  }
  const principalOf = settings.principalOf ?? (() => undefined);
  await fastify.register(rateLimit, {
    global: false,
    hook: 'preParsing',
    skipOnError: true,
    ...(redis === undefined ? {} : { redis, nameSpace: `${settings.namespace}:rate:` }),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
      'retry-after': true,
    },
    errorResponseBuilder: (_request, context) =>
      new KeelError('KEEL_RATE_LIMITED', `Too many requests: at most ${context.max}; retry in ${context.after}.`, {
        extensions: { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      }),
  });
  return (operation) => {
    const name = classOf(operation);
    const limit = settings.limits[name];
    if (limit === 'off') return false;
    return {
      max: limit.max,
      timeWindow: limit.windowSeconds * 1000,
      groupId: name,
      keyGenerator: (request) => {
        const principal = name === 'public' ? undefined : principalOf(request);
        return principal === undefined ? `address:${request.ip}` : `principal:${principal}`;
      },
    };
  };
}
