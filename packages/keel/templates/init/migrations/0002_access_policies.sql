-- Row-level security as access.yaml implies it (docs/decisions/0006-access-control.md). Written by `keel gen`:
-- change access.yaml and run `keel gen` again rather than editing the policies here.
-- migrate:up
set lock_timeout = '5s';

do $keel$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'keel_app') then
    create role keel_app nologin nosuperuser nobypassrls noinherit;
  end if;
exception when duplicate_object or unique_violation then null;
end
$keel$;

alter table "notes" enable row level security;
alter table "notes" force row level security;

-- keel_notes_select: getNote (writer where row.created_by = principal.id)
create policy "keel_notes_select" on "notes" as permissive for select
  to "keel_app"
  using (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['writer']) and ("notes"."created_by" = (select nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_notes_insert: createNote (writer)
create policy "keel_notes_insert" on "notes" as permissive for insert
  to "keel_app"
  with check (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['writer'])
  );

-- keel_notes_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_notes_maintenance" on "notes" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- migrate:down
set lock_timeout = '5s';
drop policy "keel_notes_select" on "notes";
drop policy "keel_notes_insert" on "notes";
drop policy "keel_notes_maintenance" on "notes";
alter table "notes" no force row level security;
alter table "notes" disable row level security;
