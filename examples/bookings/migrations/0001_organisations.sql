-- Organisations are the tenants: every other row belongs to one.
-- migrate:up
create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  slug text not null check (slug ~ '^[a-z0-9-]{2,63}$'),
  created_at timestamptz not null default now(),
  constraint organisations_slug_key unique (slug)
);

-- migrate:down
drop table organisations;
