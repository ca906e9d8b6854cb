import type { ColumnType, Generated, Kysely } from 'kysely';
import type { JWK } from 'jose';
import type { Database } from '../database/index.ts';
import { migrationLockKey } from '../migrations/index.ts';

/**
 * The identity provider's tables, in the `keel` schema beside the migrations and idempotency tables. Emails are stored
 * lowercased (a check constraint holds it), which needs no extension where citext would. `sessions.user_id` is text
 * with no foreign key: a project that authenticates its own way issues tokens for ids from its own users table.
 */
export const identitySchemaSql = `
create schema if not exists keel;
create table if not exists keel.users (
  id uuid primary key default gen_random_uuid(),
  email text not null constraint users_email_lowercase check (email = lower(email)),
  password_hash text,
  created_at timestamptz not null default now()
);
create unique index if not exists users_email_key on keel.users (email);
create table if not exists keel.signing_keys (
  kid text primary key,
  algorithm text not null,
  private_jwk jsonb not null,
  public_jwk jsonb not null,
  created_at timestamptz not null,
  retires_at timestamptz not null,
  expires_at timestamptz not null
);
create table if not exists keel.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id text not null,
  tenant text,
  created_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text
);
create index if not exists sessions_user_id on keel.sessions (user_id);
create table if not exists keel.refresh_tokens (
  hash text primary key,
  session_id uuid not null references keel.sessions (id) on delete cascade,
  created_at timestamptz not null,
  used_at timestamptz,
  expires_at timestamptz not null
);
create index if not exists refresh_tokens_session_id on keel.refresh_tokens (session_id);
`;

/** Why a refresh-token family was revoked. */
export type RevokedReason = 'logout' | 'reuse';

/** Kysely's view of the `keel` identity tables. JSON columns are written as text and read back parsed. */
export interface IdentityTables {
  'keel.users': {
    id: Generated<string>;
    email: string;
    password_hash: string | null;
    created_at: Generated<Date>;
  };
  'keel.signing_keys': {
    kid: string;
    algorithm: string;
    private_jwk: ColumnType<JWK, string, string>;
    public_jwk: ColumnType<JWK, string, string>;
    created_at: Date;
    retires_at: Date;
    expires_at: Date;
  };
  'keel.sessions': {
    id: Generated<string>;
    user_id: string;
    tenant: string | null;
    created_at: Date;
    revoked_at: Date | null;
    revoked_reason: RevokedReason | null;
  };
  'keel.refresh_tokens': {
    hash: string;
    session_id: string;
    created_at: Date;
    used_at: Date | null;
    expires_at: Date;
  };
}

export type IdentityDb = Kysely<IdentityTables>;

/**
 * Creates the identity tables if they are missing; safe to run at every start. Runs under the migrators' lock, since
 * concurrent `create schema if not exists` can collide in the catalog.
 *
 * @example
 * await ensureIdentitySchema(database);
 */
export async function ensureIdentitySchema(database: Database): Promise<void> {
  await database.withLock(migrationLockKey, (session) => session.execScript(identitySchemaSql));
}
