import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  type InjectOptions,
  type LightMyRequestResponse,
} from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { loadContract, type Contract, type JsonSchema, type Operation } from '../contract/index.ts';
import { extensionsUsedBy, openDatabase, type Database } from '../database/index.ts';
import { KeelError } from '../errors/index.ts';
import { isCurrent, migrate, migrationLockKey, readMigrations, type Migration } from '../migrations/index.ts';
import { defaultRuntimeConfig, loadProject, type Project, type RuntimeConfig } from '../project/index.ts';
import type { IdentityProvider } from '../identity/index.ts';
import type { AccessControl } from './access-control.ts';
import { createAjv } from './ajv.ts';
import { registerDocsRoutes } from './docs-route.ts';
import { assertErrorFormat } from './error-format.ts';
import type { Handlers } from './handler.ts';
import { idempotencyTableSql, purgeExpiredIdempotencyKeys } from './idempotency.ts';
import { checkHandlers, loadHandlers } from './load-handlers.ts';
import { KeelLogController } from './log-controller.ts';
import { registerMetrics, serviceName } from './metrics.ts';
import { isJsonMediaType } from './media-type.ts';
import { operationRoute, toFastifyPath } from './operation-route.ts';
import { problemFor, problemFromError, problemPayload, type ProblemSettings } from './problem.ts';
import { defaultRateLimits, noRateLimits } from './rate-limit-config.ts';
import { registerRateLimits } from './rate-limits.ts';

export type RuntimeMode = 'development' | 'test' | 'production';

export interface CreateAppOptions {
  /** A project folder: keel.yaml, the contract, handlers and migrations are read from it. */
  readonly dir?: string;
  /** The contract, loaded or as a path; defaults to the project's. */
  readonly contract?: Contract | string;
  /** Handlers keyed by operationId; defaults to the project's handlers module. */
  readonly handlers?: Handlers;
  /** An open database, which the app will not close; otherwise the app opens (and closes) its own. */
  readonly database?: Database;
  /** A PostgreSQL URL; defaults to DATABASE_URL, else PGlite under `.keel/data/` (in memory with `inMemory`). */
  readonly databaseUrl?: string;
  readonly inMemory?: boolean;
  /** Migrations to apply and check for readiness; defaults to the project's. */
  readonly migrations?: readonly Migration[];
  /** Apply pending migrations at start-up (default true). */
  readonly migrate?: boolean;
  /** Defaults to KEEL_ENV, else NODE_ENV (`production`, `test`), else `development`. */
  readonly mode?: RuntimeMode;
  readonly runtime?: Partial<RuntimeConfig>;
  /** Fastify's logger option; by default JSON logs at LOG_LEVEL (info), silent in test mode. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Redis for state shared by instances (rate limits); defaults to REDIS_URL, else each instance keeps its own. */
  readonly redisUrl?: string;
}

/** A served contract. */
export interface KeelApp {
  readonly fastify: FastifyInstance;
  readonly contract: Contract;
  readonly database: Database;
  readonly mode: RuntimeMode;
  /** Keel's identity provider, when access.yaml has a `keys: managed` scheme. */
  readonly identity: IdentityProvider | undefined;
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** Listens and resolves to the address, e.g. `http://127.0.0.1:3000`. */
  listen(options: { port: number; host?: string }): Promise<string>;
  /** Stops accepting, finishes in-flight requests, then closes the database it opened. */
  close(): Promise<void>;
}

const methodsFastifyServes = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const retryAfterSeconds = 5;

/**
 * Serves an OpenAPI 3.1 contract with its handlers on Fastify.
 *
 * @example
 * const app = await createApp({ dir: 'examples/bookings', inMemory: true });
 * const response = await app.inject({ method: 'GET', url: '/healthz' });
 */
export async function createApp(options: CreateAppOptions = {}): Promise<KeelApp> {
  const project = options.dir === undefined ? undefined : await loadProject(options.dir);
  const mode = options.mode ?? modeFromEnvironment();
  const config: RuntimeConfig = { ...defaultRuntimeConfig, ...project?.config.runtime, ...options.runtime };
  assertErrorFormat(config.errorFormat);
  const contract = await resolveContract(options, project);
  const handlers = options.handlers ?? (await projectHandlers(project));
  checkHandlers(contract.operations, handlers);
  const migrations =
    options.migrations ?? (project === undefined ? [] : await readMigrations(project.paths.migrations));

  const ownsDatabase = options.database === undefined;
  const database =
    options.database ??
    (await openDatabase({
      url: options.databaseUrl ?? process.env['DATABASE_URL'],
      dataDir: options.inMemory === true || project === undefined ? undefined : project.paths.data,
      extensions: extensionsUsedBy(migrations.map((migration) => migration.up)),
    }));
  let security: Security | undefined;
  try {
    if (options.migrate !== false) await migrate(database, migrations);
    // Under the migrators' lock: concurrent `create schema if not exists` can otherwise collide in the catalog.
    await database.withLock(migrationLockKey, async (session) => {
      await session.execScript(idempotencyTableSql);
    });
    security = project === undefined ? undefined : await setUpSecurity(project, database);
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }

  const fastify = await buildServer({
    contract,
    handlers,
    database,
    migrations,
    mode,
    config,
    logger: options.logger,
    redisUrl: options.redisUrl ?? process.env['REDIS_URL'],
    namespace: `keel:${project?.config.name ?? contract.title}`,
    security,
  });
  const purge = setInterval(
    () => {
      purgeExpiredIdempotencyKeys(database.db).catch((error: unknown) =>
        fastify.log.warn({ err: error }, 'purge failed'),
      );
    },
    10 * 60 * 1000,
  );
  purge.unref();
  fastify.addHook('onClose', async () => {
    clearInterval(purge);
    if (ownsDatabase) await database.close();
  });
  await fastify.ready();

  return {
    fastify,
    contract,
    database,
    mode,
    identity: security?.identity,
    inject: (injectOptions) => fastify.inject(injectOptions as InjectOptions),
    async listen({ port, host = '127.0.0.1' }) {
      try {
        return await fastify.listen({ port, host });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new KeelError('KEEL_PORT_IN_USE', `port ${port} on ${host} is already in use`);
        }
        throw error;
      }
    },
    async close() {
      // A request in flight at close keeps its keep-alive connection open once it is answered; sweep such
      // connections as they fall idle, or the server would wait for the client's keep-alive to expire.
      const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
      try {
        await fastify.close();
      } finally {
        clearInterval(sweep);
      }
    },
  };
}

function modeFromEnvironment(): RuntimeMode {
  const value = process.env['KEEL_ENV'] ?? process.env['NODE_ENV'];
  return value === 'production' || value === 'test' ? value : 'development';
}

async function resolveContract(options: CreateAppOptions, project: Project | undefined): Promise<Contract> {
  if (typeof options.contract === 'object') return options.contract;
  if (typeof options.contract === 'string') return loadContract(options.contract, project?.root);
  if (project === undefined) {
    throw new KeelError('KEEL_USAGE', 'createApp needs a project folder (`dir`) or a `contract`');
  }
  return loadContract(project.paths.contract, project.root);
}

async function projectHandlers(project: Project | undefined): Promise<Handlers> {
  if (project === undefined)
    throw new KeelError('KEEL_USAGE', 'createApp needs a project folder (`dir`) or `handlers`');
  return loadHandlers(project.paths.handlers, relative(project.root, project.paths.handlers));
}

interface ServerParts {
  readonly contract: Contract;
  readonly handlers: Handlers;
  readonly database: Database;
  readonly migrations: readonly Migration[];
  readonly mode: RuntimeMode;
  readonly config: RuntimeConfig;
  readonly logger: FastifyServerOptions['logger'] | undefined;
  readonly redisUrl: string | undefined;
  readonly namespace: string;
  readonly security: Security | undefined;
}

/** access.yaml's enforcement and Keel's identity provider, when the project has them. */
interface Security {
  readonly access: AccessControl;
  readonly identity: IdentityProvider | undefined;
}

/**
 * Reads access.yaml (a project without one is served without access control: its access gate fails instead), sets up
 * the identity provider when a scheme's keys are Keel-managed, the authenticator, and the application role that
 * request transactions run as. A malformed access.yaml stops start-up.
 */
async function setUpSecurity(project: Project, database: Database): Promise<Security | undefined> {
  if (!existsSync(resolve(project.root, 'access.yaml'))) return undefined;
  const [{ accessStage }, { createCheckContext }, auth, identityModule, control] = await Promise.all([
    import('../access/index.ts'),
    import('../journey/check-context.ts'),
    import('../auth/index.ts'),
    import('../identity/index.ts'),
    import('./access-control.ts'),
  ]);
  const { model, issues } = await accessStage.load(createCheckContext(project));
  if (model === undefined || issues.length > 0) {
    const first = issues[0];
    throw new KeelError(
      'KEEL_CONFIG_INVALID',
      `access.yaml cannot be enforced: ${first === undefined ? 'it is not a mapping' : first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''),
      {
        ...(first?.at === undefined ? {} : { location: first.at }),
        fix: 'Run `keel check access` and correct access.yaml where it points.',
      },
    );
  }
  const managed = model.authentication.find((scheme) => scheme.type === 'jwt' && scheme.keys.source === 'managed');
  let identity: IdentityProvider | undefined;
  if (managed?.type === 'jwt') {
    await identityModule.ensureIdentitySchema(database);
    identity = identityModule.createIdentityProvider(database.db, {
      issuer: managed.issuer ?? '',
      audience: managed.audience ?? '',
      ...(managed.accessTokenSeconds === undefined ? {} : { accessTokenSeconds: managed.accessTokenSeconds }),
    });
  }
  const keyScheme = model.authentication.find((scheme) => scheme.type === 'api-key');
  const authenticator = await auth.createAuthenticator(control.authenticationSettings(model), {
    baseDir: project.root,
    ...(identity === undefined
      ? {}
      : {
          managedKeys: (lookup) => identity.resolveKey(lookup),
          isRevoked: (claims) => identity.isRevoked(claims),
        }),
    ...(keyScheme?.type === 'api-key'
      ? {
          findApiKey: auth.kyselyApiKeyLookup(database.db, {
            table: keyScheme.table ?? 'api_keys',
            columns: { tenant: model.tenancy?.column.value ?? 'org_id' },
          }),
        }
      : {}),
  });
  await control.ensureApplicationRole(database.db);
  return { access: control.createAccessControl({ model, db: database.db, authenticator }), identity };
}

async function buildServer(parts: ServerParts): Promise<FastifyInstance> {
  const { contract, handlers, database, mode, config } = parts;
  const settings: ProblemSettings = {
    typeBase: config.problemTypeBase,
    exposeInternals: mode === 'development',
    retryAfterSeconds,
    format: config.errorFormat,
  };
  const fastify = Fastify({
    logger: parts.logger ?? (mode === 'test' ? false : { level: process.env['LOG_LEVEL'] ?? 'info' }),
    bodyLimit: config.bodyLimit,
    genReqId: requestIdFrom,
    requestIdHeader: false,
    logController: new KeelLogController(),
    return503OnClosing: true,
  });

  const coercing = createAjv({ coerce: true });
  const strict = createAjv({ coerce: false });
  fastify.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
  const serializers = new WeakMap<object, (value: unknown) => string>();
  const serializerFor = (schema: JsonSchema): ((value: unknown) => string) => {
    if (typeof schema !== 'object') return JSON.stringify;
    let serialize = serializers.get(schema);
    if (serialize === undefined) {
      serialize = fastJsonStringify(schema as unknown as Parameters<typeof fastJsonStringify>[0]);
      serializers.set(schema, serialize);
    }
    return serialize;
  };
  fastify.setSerializerCompiler(({ schema }) => serializerFor(schema as JsonSchema));

  registerBodyParsers(fastify, contract.operations);
  const rateLimitFor = await registerRateLimits(fastify, {
    limits: config.rateLimits ?? (mode === 'test' ? noRateLimits : defaultRateLimits),
    redisUrl: parts.redisUrl,
    namespace: parts.namespace,
    principalOf: (request) => parts.security?.access.principalOf(request)?.id,
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // No client may sniff an answer into another type than it says (OWASP's REST security headers).
    reply.header('x-content-type-options', 'nosniff');
    done();
  });
  fastify.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error, request.id, settings);
    if (problem.serverFault) {
      request.log.error({ err: error, code: problem.document.code }, problem.document.title);
    }
    const { contentType, payload } = problemPayload(problem.document, settings);
    void reply.code(problem.status).headers(problem.headers).type(contentType).send(payload);
  });
  fastify.setNotFoundHandler((request, reply) => {
    const document = problemFor(
      'KEEL_ROUTE_NOT_FOUND',
      `No operation is served at ${request.method} ${request.url.split('?', 1)[0] ?? ''}.`,
      request.id,
      settings,
    );
    const { contentType, payload } = problemPayload(document, settings);
    void reply.code(document.status).type(contentType).send(payload);
  });

  registerMetrics(fastify, { database, contract, service: serviceName(parts.namespace.replace(/^keel:/, '')) });

  const environment = {
    db: database.db,
    scopedTransaction: database.scopedTransaction,
    scopedStatements: database.scopedStatements,
    responseAjv: createAjv({ coerce: false }),
    serializerFor,
    validateResponses:
      config.responseValidation === 'always' || (config.responseValidation === 'auto' && mode !== 'production'),
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
    problemTypeBase: config.problemTypeBase,
    errorFormat: config.errorFormat,
    access: parts.security?.access,
    identity: parts.security?.identity,
  };
  const byPath = new Map<string, Operation[]>();
  for (const operation of contract.operations) {
    const list = byPath.get(operation.path) ?? [];
    list.push(operation);
    byPath.set(operation.path, list);
  }
  for (const [path, operations] of byPath) {
    const read = operations.find((operation) => operation.method === 'get');
    const readSibling =
      read === undefined ? undefined : { operation: read, handler: handlers[read.operationId] as Handlers[string] };
    for (const operation of operations) {
      const route = operationRoute(
        operation,
        handlers[operation.operationId] as Handlers[string],
        environment,
        readSibling,
      );
      const rateLimit = rateLimitFor(operation);
      fastify.route(rateLimit === false ? route : { ...route, config: { ...route.config, rateLimit } });
    }
    registerMethodNotAllowed(fastify, path, operations, settings);
  }
  registerHealth(fastify, parts, settings);
  const identity = parts.security?.identity;
  if (identity !== undefined && !byPath.has('/.well-known/jwks.json')) {
    // The public keys that verify Keel-issued tokens, for other services (RFC 7517).
    fastify.get('/.well-known/jwks.json', async (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=300')
        .type('application/jwk-set+json')
        .send(JSON.stringify(await identity.jwks())),
    );
  }
  registerDocsRoutes(fastify, contract);
  return fastify;
}

/** Only the media types the contract declares are parsed; anything else is a 415 before it is read. */
function registerBodyParsers(fastify: FastifyInstance, operations: readonly Operation[]): void {
  fastify.removeAllContentTypeParsers();
  const declared = new Set(operations.flatMap((operation) => Object.keys(operation.requestBody?.content ?? {})));
  const json = [...declared].filter(isJsonMediaType).map((type) => (type === '*/*' ? 'application/json' : type));
  if (json.length > 0) {
    const parseJson = fastify.getDefaultJsonParser('error', 'error');
    fastify.addContentTypeParser([...new Set(json)], { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      // Clients that send `Content-Type: application/json` on every request send it on a bodiless POST or DELETE too:
      // an empty body is nothing to parse where the operation declares none.
      if (text === '' && request.routeOptions.schema?.body === undefined) {
        done(null, undefined);
        return;
      }
      void parseJson(request, text, done);
    });
  }
  const text = [...declared].filter((type) => type.startsWith('text/'));
  if (text.length > 0) {
    fastify.addContentTypeParser(text, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  }
  const binary = [...declared].filter((type) => !isJsonMediaType(type) && !type.startsWith('text/'));
  if (binary.length > 0) {
    fastify.addContentTypeParser(binary, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }
}

/** Fastify answers an unknown method with 404; the contract's paths answer 405 with Allow (and OPTIONS with 204). */
function registerMethodNotAllowed(
  fastify: FastifyInstance,
  path: string,
  operations: readonly Operation[],
  settings: ProblemSettings,
): void {
  const declared = new Set(operations.map((operation) => operation.method.toUpperCase()));
  if (declared.has('GET')) declared.add('HEAD');
  const allow = [...declared].sort().join(', ');
  const others = methodsFastifyServes.filter((method) => !declared.has(method));
  if (others.length === 0) return;
  fastify.route({
    method: [...others],
    url: toFastifyPath(path),
    handler(request, reply) {
      void reply.header('allow', declared.has('OPTIONS') ? allow : `${allow}, OPTIONS`);
      if (request.method === 'OPTIONS') return reply.code(204).send();
      const document = problemFor(
        'KEEL_METHOD_NOT_ALLOWED',
        `${request.method} is not allowed on ${path}; allowed: ${allow}.`,
        request.id,
        settings,
      );
      const { contentType, payload } = problemPayload(document, settings);
      return reply.code(document.status).type(contentType).send(payload);
    },
  });
}

/** `/healthz`: the process answers. `/readyz`: the database answers and every migration is applied. */
function registerHealth(fastify: FastifyInstance, parts: ServerParts, settings: ProblemSettings): void {
  const served = new Set(parts.contract.operations.map((operation) => operation.path));
  if (!served.has('/healthz')) {
    fastify.get('/healthz', (_request, reply) => reply.type('application/json').send('{"status":"ok"}'));
  }
  if (!served.has('/readyz')) {
    fastify.get('/readyz', async (request, reply) => {
      let reason: string | undefined;
      try {
        await withTimeout(parts.database.ping(), 2000);
        if (!(await isCurrent(parts.database, parts.migrations))) reason = 'migrations are not all applied';
      } catch {
        reason = 'the database is not answering';
      }
      if (reason === undefined) return reply.type('application/json').send('{"status":"ready"}');
      const document = problemFor('KEEL_NOT_READY', `Not ready: ${reason}.`, request.id, settings);
      const { contentType, payload } = problemPayload(document, settings);
      return reply
        .code(document.status)
        .header('retry-after', String(retryAfterSeconds))
        .type(contentType)
        .send(payload);
    });
  }
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts the client's X-Request-Id when it is a plain token, so ids can be followed across services. */
function requestIdFrom(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
