-- Bookings. Two confirmed bookings of one resource may never overlap: the exclusion constraint decides, not the
-- handler, so concurrent requests cannot both succeed.
-- migrate:up
create extension if not exists btree_gist;

create table bookings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id) on delete cascade,
  resource_id uuid not null references resources (id) on delete cascade,
  -- BR-BOOK-5: who made the booking (a user's id, or an API key's); a member may change only their own.
  created_by uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'confirmed' check (status in ('confirmed', 'cancelled')),
  notes text check (char_length(notes) <= 2000),
  created_at timestamptz not null default now(),
  constraint bookings_ends_after_starts check (ends_at > starts_at),
  constraint bookings_no_overlap exclude using gist (
    resource_id with =,
    tstzrange(starts_at, ends_at, '[)') with &&
  ) where (status = 'confirmed')
);
create index bookings_org_id_starts_at_id on bookings (org_id, starts_at, id);
create index bookings_resource_id_starts_at on bookings (resource_id, starts_at);

-- migrate:down
drop table bookings;
drop extension if exists btree_gist;
