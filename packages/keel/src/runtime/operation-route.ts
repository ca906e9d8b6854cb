import type { ValidateFunction } from 'ajv';
import type { FastifyReply, FastifyRequest, preParsingHookHandler, RouteOptions } from 'fastify';
import { AbortedTransactionError, sql, type Kysely } from 'kysely';
import { objectOfSchemas, type JsonSchema, type Operation, type ResponseSpec } from '../contract/index.ts';
import { applySettings, type AnyDatabase, type ScopedStatements, type ScopedTransaction } from '../database/index.ts';
import { STATUS_CODES } from 'node:http';
import { errorCodes, KeelError, type KeelErrorCode } from '../errors/index.ts';
import { renderError, type ErrorFormat } from './error-format.ts';
import { etagOf, matchSatisfied, noneMatchSatisfied } from './etag.ts';
import type { IdentityProvider } from '../identity/index.ts';
import type { AccessControl } from './access-control.ts';
import type { AnyHandler, HandlerContext, HandlerResult, ProblemResult } from './handler.ts';
import { requestFingerprint, runIdempotent, validIdempotencyKey } from './idempotency.ts';
import { mediaTypeEssence, mediaTypeMatches } from './media-type.ts';
import type { Ajv2020 } from 'ajv/dist/2020.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract operation a route serves. */
    operationId?: string;
  }
}

/** What every operation route shares: the database, the compilers and the mode's settings. */
export interface RouteEnvironment {
  readonly db: Kysely<unknown>;
  /** A transaction on `db` with settings of its own, begun by its first statement where the database allows. */
  readonly scopedTransaction: ScopedTransaction;
  /** A handle on `db` whose statements each carry the settings, for reads (decision record 0014). */
  readonly scopedStatements: ScopedStatements;
  readonly responseAjv: Ajv2020;
  readonly serializerFor: (schema: JsonSchema) => (value: unknown) => string;
  readonly validateResponses: boolean;
  readonly idempotencyTtlSeconds: number;
  readonly problemTypeBase: string;
  /** keel.yaml's `runtime.errorFormat`; RFC 9457 problem details when undefined. */
  readonly errorFormat?: ErrorFormat | undefined;
  /** access.yaml's enforcement; undefined when the project has none. */
  readonly access?: AccessControl | undefined;
  readonly identity?: IdentityProvider | undefined;
}

/**
 * The handler's context on the request's transaction. Its `identity` is bound to that transaction when the handler
 * first asks for it (on PGlite the transaction holds the one session, so the provider's own handle would wait for it);
 * most handlers never ask, and pay nothing.
 */
function onTransaction(
  context: HandlerContext,
  trx: AnyDatabase,
  identity: IdentityProvider | undefined,
): HandlerContext {
  let bound: IdentityProvider | undefined;
  return {
    ...context,
    db: trx,
    get identity() {
      return identity === undefined ? undefined : (bound ??= identity.within(trx));
    },
  };
}

/** `/v1/orgs/{orgId}` → `/v1/orgs/:orgId`. */
export function toFastifyPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** The response an operation declares for a status: the exact code, then its range (`2XX`), then `default`. */
export function responseFor(operation: Operation, status: number): ResponseSpec | undefined {
  return (
    operation.responses[String(status)] ??
    operation.responses[`${String(status)[0]}XX`] ??
    operation.responses['DEFAULT']
  );
}

/** A declared response, with the Content-Type its bodies are sent with unless the handler sets one. */
interface DeclaredResponse {
  readonly spec: ResponseSpec;
  readonly mediaType: string;
  /** As Fastify would complete it: JSON types get `charset=utf-8`, written here once instead of on every reply. */
  readonly contentType: string;
}

function describeResponse(spec: ResponseSpec | undefined): DeclaredResponse | undefined {
  if (spec === undefined) return undefined;
  const mediaType = Object.keys(spec.content)[0] ?? 'application/json';
  return {
    spec,
    mediaType,
    contentType: mediaType.toLowerCase().includes('json') ? `${mediaType}; charset=utf-8` : mediaType,
  };
}

/** Fastify's schema for a route: path, query and header parameters as objects, the body, and each response. */
function routeSchema(operation: Operation): NonNullable<RouteOptions['schema']> {
  const partSchema = (location: 'path' | 'query' | 'header'): JsonSchema | undefined => {
    const parameters = operation.parameters.filter((parameter) => parameter.in === location);
    if (parameters.length === 0) return undefined;
    const name = (parameter: { name: string }) =>
      location === 'header' ? parameter.name.toLowerCase() : parameter.name;
    return objectOfSchemas(
      Object.fromEntries(parameters.map((parameter) => [name(parameter), parameter.schema])),
      parameters.filter((parameter) => parameter.required).map(name),
    );
  };
  const schema: Record<string, unknown> = {};
  const params = partSchema('path');
  const querystring = partSchema('query');
  const headers = partSchema('header');
  if (params !== undefined) schema['params'] = params;
  if (querystring !== undefined) schema['querystring'] = querystring;
  if (headers !== undefined) schema['headers'] = headers;
  const body = operation.requestBody;
  if (body !== undefined) {
    const types = Object.entries(body.content);
    schema['body'] =
      types.length === 1
        ? (types[0] as [string, JsonSchema])[1]
        : { content: Object.fromEntries(types.map(([type, s]) => [type, { schema: s }])) };
  }
  const response: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    const types = Object.entries(spec.content);
    if (types.length === 0) continue;
    const key = status === 'DEFAULT' ? 'default' : status.toLowerCase();
    // With one media type the schema is given bare: Fastify then serialises without parsing the reply's Content-Type
    // to choose among media types (it only serialises JSON bodies either way).
    response[key] =
      types.length === 1
        ? (types[0] as [string, JsonSchema])[1]
        : { content: Object.fromEntries(types.map(([type, s]) => [type, { schema: s }])) };
  }
  if (Object.keys(response).length > 0) schema['response'] = response;
  return schema;
}

/** Builds the Fastify route that serves one operation with its handler. */
export function operationRoute(
  operation: Operation,
  handler: AnyHandler,
  environment: RouteEnvironment,
  readSibling: { operation: Operation; handler: AnyHandler } | undefined,
): RouteOptions {
  const responseValidators = new Map<string, ValidateFunction>();
  const validatorFor = (status: string, mediaType: string, schema: JsonSchema): ValidateFunction => {
    const key = `${status} ${mediaType}`;
    let validate = responseValidators.get(key);
    if (validate === undefined) {
      validate = environment.responseAjv.compile(schema as object);
      responseValidators.set(key, validate);
    }
    return validate;
  };
  const declaredTypes = Object.keys(operation.requestBody?.content ?? {});
  const bodyRequired = operation.requestBody?.required === true;
  const idempotent = operation.method === 'post' || operation.method === 'patch';
  const safeMethod = operation.method === 'get' || operation.method === 'head';
  const readsOne = operation.method === 'get';
  const conditionalWrite =
    readSibling !== undefined &&
    (operation.method === 'put' || operation.method === 'patch' || operation.method === 'delete');

  const responses = new Map<number, DeclaredResponse | undefined>();
  const declaredResponse = (status: number): DeclaredResponse => {
    let declared = responses.get(status);
    if (declared === undefined && !responses.has(status)) {
      declared = describeResponse(responseFor(operation, status));
      responses.set(status, declared);
    }
    if (declared === undefined) {
      throw new KeelError(
        'KEEL_UNDECLARED_STATUS',
        `operation ${operation.operationId} returned status ${status}, which the contract does not declare ` +
          `(declared: ${Object.keys(operation.responses).join(', ')})`,
      );
    }
    return declared;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, result: HandlerResult): unknown => {
    const declared = declaredResponse(result.status);
    reply.code(result.status);
    // An answer to someone who proved who they are is theirs: no shared cache may keep it (a handler may say otherwise).
    if (environment.access?.principalOf(request)?.credential !== undefined) reply.header('cache-control', 'private');
    // Only the handler's headers can have set a Content-Type.
    let explicit: string | undefined;
    if (result.headers !== undefined) {
      reply.headers(result.headers as Record<string, string | number | string[]>);
      explicit = mediaTypeEssence(reply.getHeader('content-type') as string | undefined);
    }
    if (result.body === undefined) return reply.send();
    const mediaType = explicit ?? declared.mediaType;
    if (environment.validateResponses) {
      const schema = declared.spec.content[mediaType];
      if (schema !== undefined) {
        const validate = validatorFor(String(result.status), mediaType, schema);
        if (!validate(result.body)) {
          const issue = validate.errors?.[0];
          const pointer = '#' + (issue?.instancePath ?? '');
          reply.log.error(
            { operationId: operation.operationId, status: result.status, pointer, issue: issue?.message },
            'response does not match the contract',
          );
          throw new KeelError(
            'KEEL_RESPONSE_CONTRACT',
            `the ${result.status} response of ${operation.operationId} does not match the contract at ${pointer}: ` +
              (issue?.message ?? 'invalid'),
            { extensions: { operationId: operation.operationId, pointer } },
          );
        }
      }
    }
    if (explicit === undefined) reply.type(declared.contentType);
    // Fields the principal's roles may not read never leave (access.yaml `fields.read`).
    const body = access === undefined ? result.body : access.filterRead(request, result.body);
    if (!readsOne || result.status !== 200) return body;
    // A read carries the ETag of the bytes it sends: the body is serialised here, once, hashed, and handed to Fastify
    // as the string it would have produced itself.
    const payload = serialisedForEtag(declared, mediaType, body);
    if (payload === undefined) return body;
    const etag = etagOf(payload);
    reply.header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined && noneMatchSatisfied(ifNoneMatch, etag)) {
      reply.code(304);
      reply.removeHeader('content-type');
      return reply.send();
    }
    return payload;
  };

  /** The body as Fastify would send it (strings as they are, JSON through the response schema), or undefined. */
  const serialisedForEtag = (declared: DeclaredResponse, mediaType: string, body: unknown): string | undefined => {
    if (typeof body === 'string') return body;
    if (!mediaType.toLowerCase().includes('json')) return undefined;
    const schema = declared.spec.content[mediaType];
    return (schema === undefined ? JSON.stringify : environment.serializerFor(schema))(body);
  };

  const currentEtag = async (
    db: Kysely<unknown>,
    context: Parameters<AnyHandler>[0],
    sibling: NonNullable<typeof readSibling>,
  ): Promise<string | undefined> => {
    const current = await sibling.handler({
      ...context,
      db,
      query: {},
      body: undefined,
      operationId: sibling.operation.operationId,
    });
    const declared = describeResponse(responseFor(sibling.operation, current.status));
    if (current.status !== 200 || current.body === undefined || declared === undefined) return undefined;
    // The same bytes, hence the same tag, as the read sends.
    const payload = serialisedForEtag(declared, declared.mediaType, current.body);
    return payload === undefined ? undefined : etagOf(payload);
  };

  /** Refuses a missing required body, or one of an undeclared media type, before it is read. */
  const checkBody: preParsingHookHandler = (request, _reply, payload, done) => {
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');
    if (!hasBody) {
      if (bodyRequired) {
        done(
          new KeelError('KEEL_VALIDATION_FAILED', 'The request body is required.', {
            extensions: { errors: [{ in: 'body', pointer: '#', detail: 'is required' }] },
          }),
        );
        return;
      }
      done(null, payload);
      return;
    }
    if (declaredTypes.length > 0) {
      const actual = mediaTypeEssence(request.headers['content-type']);
      if (actual === undefined || !declaredTypes.some((declared) => mediaTypeMatches(declared, actual))) {
        done(
          new KeelError(
            'KEEL_UNSUPPORTED_MEDIA_TYPE',
            `${operation.operationId} accepts ${declaredTypes.join(', ')}, not ${actual ?? 'a body without Content-Type'}.`,
            { extensions: { accepted: declaredTypes } },
          ),
        );
        return;
      }
    }
    done(null, payload);
  };

  const access = environment.access;
  const hooks = access?.hooks(operation);

  return {
    method: operation.method.toUpperCase(),
    url: toFastifyPath(operation.path),
    schema: routeSchema(operation),
    config: { operationId: operation.operationId },
    // Authentication before anything is read; roles and permissions once the path and body are validated.
    ...(hooks === undefined ? {} : { onRequest: hooks.onRequest, preHandler: hooks.preHandler }),
    // Without a declared body there is nothing to check, and no hook to run.
    ...(operation.requestBody === undefined ? {} : { preParsing: checkBody }),
    async handler(request, reply) {
      const context = {
        params: request.params as Record<string, unknown>,
        query: request.query as Record<string, unknown>,
        headers: request.headers as Record<string, unknown>,
        body: request.body,
        db: environment.db,
        log: request.log,
        requestId: request.id,
        operationId: operation.operationId,
        principal: access?.principalOf(request),
        identity: environment.identity,
        problem: <S extends number>(status: S, code: string, detail: string): ProblemResult<S> => {
          const body = {
            type: environment.problemTypeBase + code,
            title: code in errorCodes ? errorCodes[code as KeelErrorCode].title : (STATUS_CODES[status] ?? 'Error'),
            status,
            detail,
            code,
            requestId: request.id,
          };
          const format = environment.errorFormat;
          if (format === undefined) return { status, body };
          // The project's own error body (keel.yaml), which its contract's error responses declare instead.
          return { status, body: renderError(format, body) as typeof body };
        },
      };
      const idempotencyKey = idempotent ? request.headers['idempotency-key'] : undefined;
      const ifMatch = conditionalWrite ? request.headers['if-match'] : undefined;
      let result: HandlerResult;
      if (typeof idempotencyKey === 'string') {
        if (!validIdempotencyKey(idempotencyKey)) {
          throw new KeelError('KEEL_VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', {
            extensions: { errors: [{ in: 'header', pointer: '#/idempotency-key', detail: 'is not a valid key' }] },
          });
        }
        const outcome = await runIdempotent(
          environment.db,
          {
            // A key is the caller's own: another principal reusing it starts afresh.
            scope: `${operation.operationId}:${context.principal?.id ?? ''}`,
            key: idempotencyKey,
            fingerprint: requestFingerprint(request.method, request.url.split('?', 1)[0] ?? '', request.body),
            ttlSeconds: environment.idempotencyTtlSeconds,
          },
          async (db) => {
            if (access !== undefined) await applySettings(db, access.settings(request));
            return handler(onTransaction(context, db, environment.identity));
          },
        );
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        result = outcome.result;
      } else if (typeof ifMatch === 'string' && readSibling !== undefined) {
        const lockKey = request.url.split('?', 1)[0] ?? '';
        result = await environment.db.transaction().execute(async (trx) => {
          if (access !== undefined) await applySettings(trx, access.settings(request));
          await sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`.execute(trx);
          const etag = await currentEtag(trx, context, readSibling);
          if (!matchSatisfied(ifMatch, etag)) {
            throw new KeelError(
              'KEEL_PRECONDITION_FAILED',
              etag === undefined ? 'The resource does not exist.' : 'The resource has changed since that ETag.',
            );
          }
          return handler(onTransaction(context, trx, environment.identity));
        });
      } else if (access !== undefined) {
        // The handler's queries run as keel_app, under row-level security for this principal. A handler that turned
        // a failed statement into an error answer left the transaction aborted: its rollback is the intended outcome.
        let answered: HandlerResult | undefined;
        try {
          // The settings travel with the handler's statements (decision record 0014): a read's each in its own
          // round trip and no transaction, since GET and HEAD change nothing; a write's first with BEGIN.
          result = await (safeMethod ? environment.scopedStatements : environment.scopedTransaction)(
            access.settings(request),
            async (trx) => {
              answered = await handler(onTransaction(context, trx, environment.identity));
              return answered;
            },
          );
        } catch (error) {
          if (!(error instanceof AbortedTransactionError) || answered === undefined || answered.status < 400)
            throw error;
          result = answered;
        }
      } else {
        result = await handler(context);
      }
      return send(request, reply, result);
    },
  };
}
