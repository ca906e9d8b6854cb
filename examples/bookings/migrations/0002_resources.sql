-- Bookable resources, listed per organisation oldest first.
-- migrate:up
create table resources (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 2000),
  created_at timestamptz not null default now()
);
create index resources_org_id_created_at_id on resources (org_id, created_at, id);

-- migrate:down
drop table resources;
