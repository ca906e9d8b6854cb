-- People, known by an email address; they sign in with a single-use code sent to it (ADR-0003), never a password.
-- migrate:up
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (char_length(email) between 3 and 254),
  created_at timestamptz not null default now()
);
-- Addresses compare without regard to case (BR-MEM-3).
create unique index users_email_key on users (lower(email));

-- Sign-in codes are stored as their SHA-256 hash; each signs in once, within 15 minutes (BR-AUTH-1).
create table sign_in_codes (
  hash text primary key check (char_length(hash) = 64),
  email text not null check (char_length(email) between 3 and 254),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index sign_in_codes_expires_at on sign_in_codes (expires_at);

-- migrate:down
drop table sign_in_codes;
drop table users;
