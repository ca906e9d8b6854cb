-- API keys for integrations (ADR-0003): the SHA-256 hash of the secret and an 8-character prefix for display, never the
-- secret (BR-KEY-1). A key is found by its hash; a revoked key is refused from the next request (BR-KEY-2).
-- migrate:up
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  prefix text not null check (char_length(prefix) = 8),
  hash text not null check (char_length(hash) = 64),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint api_keys_hash_key unique (hash)
);
create index api_keys_org_id_created_at_id on api_keys (org_id, created_at, id);
create index api_keys_created_by on api_keys (created_by);

-- migrate:down
drop table api_keys;
