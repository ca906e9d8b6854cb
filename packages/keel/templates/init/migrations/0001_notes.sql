-- Stage 4: each migration has an up and a down section; Keel proves that up, down, up gives the same schema.
-- migrate:up
create table notes (
  id uuid primary key default gen_random_uuid(),
  text text not null check (char_length(text) between 1 and 2000),
  -- BR-NOTE-2: the writer who wrote the note, the only one who reads it (access.yaml, row-level security).
  created_by uuid not null,
  created_at timestamptz not null default now()
);
create index notes_created_by on notes (created_by);

-- migrate:down
drop table notes;
