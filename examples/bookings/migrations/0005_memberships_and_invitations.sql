-- Who belongs to which organisation, with which role (BR-ROLE-1); read on every request (BR-MEM-4), by (org_id, user_id).
-- migrate:up
create table memberships (
  org_id uuid not null references organisations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('admin', 'member')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_id on memberships (user_id);

-- Invitations to join an organisation, accepted at most once within 7 days by the invited address (BR-MEM-3).
create table invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id) on delete cascade,
  email text not null check (char_length(email) between 3 and 254),
  role text not null check (role in ('admin', 'member')),
  invited_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid references users (id)
);
create index invitations_org_id_created_at_id on invitations (org_id, created_at, id);
create index invitations_invited_by on invitations (invited_by);
create index invitations_accepted_by on invitations (accepted_by);

-- migrate:down
drop table invitations;
drop table memberships;
