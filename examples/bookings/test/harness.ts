import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp, type KeelApp } from 'keel';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from 'keel/testing';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const project = fileURLToPath(new URL('..', import.meta.url));

/** A message the in-process SMTP relay received. */
export interface ReceivedMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

/** A real SMTP server in this process, standing in for the relay SMTP_URL names in production. */
export interface SmtpRelay {
  readonly url: string;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpRelay(): Promise<SmtpRelay> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Headers = Record<string, string>;

/** The flagship on a database of its own, with helpers to act as its users. */
export interface Flagship {
  readonly app: KeelApp;
  readonly testDatabase: TestDatabase;
  /** A user with this address, created directly (as a sign-in would), and a bearer header for them. */
  user(email: string): Promise<{ readonly id: string; readonly auth: Headers }>;
  /** Makes the user a member of the organisation with the role, as an accepted invitation would. */
  join(orgId: string, userId: string, role: 'admin' | 'member'): Promise<void>;
  /** Runs SQL as the owner, beside the API: to set up a situation, or to look at what a request left behind. */
  query<Row>(statement: ReturnType<typeof sql<Row>>): Promise<Row[]>;
  post(url: string, body: unknown, headers: Headers): Promise<Response>;
  patch(url: string, body: unknown, headers: Headers): Promise<Response>;
  get(url: string, headers: Headers): Promise<Response>;
  delete(url: string, headers: Headers): Promise<Response>;
  close(): Promise<void>;
}

export type Response = Awaited<ReturnType<KeelApp['inject']>>;

export interface FlagshipOptions {
  /** Keep the rate limits of keel.yaml (tests otherwise send more than a client would). */
  readonly rateLimits?: boolean;
}

export async function startFlagship(kind: TestDatabaseKind, options: FlagshipOptions = {}): Promise<Flagship> {
  const testDatabase = await createTestDatabase(kind, { extensions: ['btree_gist'] });
  const app = await createApp({
    dir: project,
    database: testDatabase.database,
    mode: 'test',
    // FLAGSHIP_LOG=error shows the errors behind a 500 while debugging a test.
    ...(process.env['FLAGSHIP_LOG'] === undefined ? {} : { logger: { level: process.env['FLAGSHIP_LOG'] } }),
    ...(options.rateLimits === true ? {} : { runtime: { rateLimits: { read: 'off', write: 'off', public: 'off' } } }),
  });
  const db = testDatabase.database.db;
  const send = (method: 'POST' | 'PATCH' | 'GET' | 'DELETE', url: string, headers: Headers, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  return {
    app,
    testDatabase,
    async user(email) {
      const { rows } = await sql<{ id: string }>`
        insert into users (email) values (${email}) returning id`.execute(db);
      const id = rows[0]?.id ?? '';
      const tokens = await app.identity?.issueTokensFor(id);
      return { id, auth: { authorization: `Bearer ${tokens?.accessToken ?? ''}` } };
    },
    async join(orgId, userId, role) {
      await sql`insert into memberships (org_id, user_id, role) values (${orgId}, ${userId}, ${role})`.execute(db);
    },
    async query<Row>(statement: ReturnType<typeof sql<Row>>) {
      return (await statement.execute(db)).rows;
    },
    post: (url, body, headers) => send('POST', url, headers, body),
    patch: (url, body, headers) => send('PATCH', url, headers, body),
    get: (url, headers) => send('GET', url, headers),
    delete: (url, headers) => send('DELETE', url, headers),
    async close() {
      await app.close();
      await testDatabase.dispose();
    },
  };
}

/** The `code` of a problem document. */
export function codeOf(response: Response): string | undefined {
  return response.json<{ code?: string }>().code;
}
