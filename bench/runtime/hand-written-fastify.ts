/**
 * The yardstick: the flagship's getBooking and createBooking written by hand on Fastify with the same validation
 * (Fastify's own Ajv), the same SQL (node-postgres), the same response bodies with schema-based serialisation, and the
 * same per-request work Keel always does: a request id (the client's `X-Request-Id` when valid, else a random UUID)
 * echoed in the response, a strong ETag (sha1, base64url) on 200 reads with If-None-Match answered 304, and pino at
 * `warn`. The plain app serves the read alone; the signed-in app adds the bearer token and the membership to both.
 */
import { hash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import pg from 'pg';

const uuid = { type: 'string', format: 'uuid', maxLength: 36 } as const;
const timestamp = { type: 'string', format: 'date-time', maxLength: 40 } as const;
const booking = {
  type: 'object',
  required: ['id', 'orgId', 'resourceId', 'startsAt', 'endsAt', 'status', 'createdBy', 'createdAt', 'cancelledAt'],
  properties: {
    id: uuid,
    orgId: uuid,
    resourceId: uuid,
    startsAt: timestamp,
    endsAt: timestamp,
    status: { type: 'string', enum: ['confirmed', 'cancelled'] },
    notes: { type: ['string', 'null'] },
    createdBy: uuid,
    createdAt: timestamp,
    cancelledAt: { type: ['string', 'null'], format: 'date-time', maxLength: 40 },
  },
} as const;
const problem = { type: 'object', properties: { title: { type: 'string' }, status: { type: 'integer' } } } as const;

interface Row {
  id: string;
  org_id: string;
  resource_id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  notes: string | null;
  created_by: string;
  created_at: Date;
  cancelled_at: Date | null;
}
const toBooking = (row: Row) => ({
  id: row.id,
  orgId: row.org_id,
  resourceId: row.resource_id,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  status: row.status,
  notes: row.notes,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  cancelledAt: row.cancelled_at?.toISOString() ?? null,
});

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
const requestId = (request: IncomingMessage): string => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
};

/** Weak comparison, as If-None-Match asks (RFC 9110 §13.1.2). */
const noneMatch = (header: string, etag: string): boolean =>
  header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);

interface BookingParams {
  orgId: string;
  bookingId: string;
}

/** The read's validation, serialisation and ETag, as one would write them by hand. */
const getBookingRoute = {
  schema: {
    params: { type: 'object', required: ['orgId', 'bookingId'], properties: { orgId: uuid, bookingId: uuid } },
    response: { 200: booking, 401: problem, 404: problem },
  },
  onSend(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (error: Error | null, payload?: unknown) => void,
  ): void {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return done(null, payload);
    const etag = `"${hash('sha1', payload, 'base64url')}"`;
    reply.header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch === undefined || !noneMatch(ifNoneMatch, etag)) return done(null, payload);
    reply.code(304).removeHeader('content-type');
    return done(null, '');
  },
};

const readBooking = async (pool: pg.Pool, params: BookingParams): Promise<Row | undefined> => {
  const { rows } = await pool.query<Row>('select * from "bookings" where "org_id" = $1 and "id" = $2', [
    params.orgId,
    params.bookingId,
  ]);
  return rows[0];
};

interface BookingBody {
  resourceId: string;
  startsAt: string;
  endsAt: string;
  notes?: string;
}

/** The create's validation and serialisation, as the flagship's contract declares them. */
const createBookingRoute = {
  schema: {
    params: { type: 'object', required: ['orgId'], properties: { orgId: uuid } },
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['resourceId', 'startsAt', 'endsAt'],
      properties: {
        resourceId: uuid,
        startsAt: timestamp,
        endsAt: timestamp,
        notes: { type: 'string', maxLength: 2000 },
      },
    },
    response: { 201: booking, 401: problem, 404: problem, 409: problem, 422: problem },
  },
};

const weekMs = 7 * 24 * 3600 * 1000;

/** The flagship's createBooking by hand: the range, the organisation, the resource (not archived), the insert. */
async function createBooking(
  pool: pg.Pool,
  orgId: string,
  body: BookingBody,
  creator: string,
  reply: FastifyReply,
): Promise<unknown> {
  const span = Date.parse(body.endsAt) - Date.parse(body.startsAt);
  if (span <= 0 || span > weekMs) return reply.code(422).send({ title: 'Bad range', status: 422 });
  const org = await pool.query('select "id" from "organisations" where "id" = $1', [orgId]);
  if (org.rows.length === 0) return reply.code(404).send({ title: 'Not found', status: 404 });
  const resource = await pool.query<{ archived_at: Date | null }>(
    'select "id", "archived_at" from "resources" where "org_id" = $1 and "id" = $2',
    [orgId, body.resourceId],
  );
  const found = resource.rows[0];
  if (found === undefined) return reply.code(422).send({ title: 'Unknown resource', status: 422 });
  if (found.archived_at !== null) return reply.code(422).send({ title: 'Archived resource', status: 422 });
  let row: Row;
  try {
    const { rows } = await pool.query<Row>(
      'insert into "bookings" ("org_id", "resource_id", "starts_at", "ends_at", "notes", "created_by") values ($1, $2, $3, $4, $5, $6) returning *',
      [orgId, body.resourceId, body.startsAt, body.endsAt, body.notes ?? null, creator],
    );
    row = rows[0] as Row;
  } catch (error) {
    if ((error as { code?: string }).code === '23P01') return reply.code(409).send({ title: 'Overlap', status: 409 });
    throw error;
  }
  return reply.code(201).header('location', `/v1/orgs/${orgId}/bookings/${row.id}`).send(toBooking(row));
}

/** Request ids as Keel gives them, on an app at `warn`, its pool ended when it closes. */
function baseApp(pool: pg.Pool): FastifyInstance {
  const app = Fastify({ logger: { level: 'warn' }, genReqId: requestId, requestIdHeader: false });
  app.addHook('onClose', async () => {
    await pool.end();
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  return app;
}

/** The hand-written app on a pool of 10; closing the app ends the pool. */
export async function buildHandWrittenApp(url: string): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const app = baseApp(pool);
  app.get<{ Params: BookingParams }>('/v1/orgs/:orgId/bookings/:bookingId', getBookingRoute, async (request, reply) => {
    const row = await readBooking(pool, request.params);
    if (row === undefined) return reply.code(404).send({ title: 'Not found', status: 404 });
    return toBooking(row);
  });

  await app.ready();
  return app;
}

const issuer = 'https://bookings.example.com';
const audience = 'bookings-api';

/**
 * The signed-in read written by hand, as a careful team would: the bearer token verified with jose (ES256 pinned,
 * issuer, audience and expiry checked; 401 with WWW-Authenticate otherwise), the caller's membership of the
 * organisation read (404 when none, revealing nothing), then the same query with its tenant filter. Resolves with a
 * token for the member, signed with a key made at start-up.
 */
export async function buildHandWrittenSignedInApp(
  url: string,
  memberId: string,
): Promise<{ app: FastifyInstance; token: string }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const app = baseApp(pool);
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(memberId)
    .setIssuedAt()
    .setExpirationTime('8h')
    .sign(privateKey);
  const unauthorised = (reply: FastifyReply) =>
    reply.code(401).header('www-authenticate', 'Bearer realm="bookings"').send({ title: 'Unauthorized', status: 401 });
  /** The member's id when the bearer token verifies and they belong to the organisation; else answered here. */
  const member = async (request: FastifyRequest, reply: FastifyReply, orgId: string): Promise<string | undefined> => {
    const header = request.headers.authorization;
    if (header === undefined || !header.startsWith('Bearer ')) return void unauthorised(reply);
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(header.slice(7), publicKey, { issuer, audience, algorithms: ['ES256'] });
      subject = payload.sub;
    } catch {
      return void unauthorised(reply);
    }
    if (subject === undefined) return void unauthorised(reply);
    const membership = await pool.query<{ role: string }>(
      'select "role" from "memberships" where "org_id" = $1 and "user_id" = $2',
      [orgId, subject],
    );
    if (membership.rows.length === 0) return void reply.code(404).send({ title: 'Not found', status: 404 });
    return subject;
  };
  app.get<{ Params: BookingParams }>('/v1/orgs/:orgId/bookings/:bookingId', getBookingRoute, async (request, reply) => {
    if ((await member(request, reply, request.params.orgId)) === undefined) return reply;
    const row = await readBooking(pool, request.params);
    if (row === undefined) return reply.code(404).send({ title: 'Not found', status: 404 });
    return toBooking(row);
  });
  app.post<{ Params: { orgId: string }; Body: BookingBody }>(
    '/v1/orgs/:orgId/bookings',
    createBookingRoute,
    async (request, reply) => {
      const subject = await member(request, reply, request.params.orgId);
      if (subject === undefined) return reply;
      return createBooking(pool, request.params.orgId, request.body, subject, reply);
    },
  );
  await app.ready();
  return { app, token };
}
