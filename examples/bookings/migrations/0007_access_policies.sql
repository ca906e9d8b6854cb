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

alter table "api_keys" enable row level security;
alter table "api_keys" force row level security;

alter table "bookings" enable row level security;
alter table "bookings" force row level security;

alter table "invitations" enable row level security;
alter table "invitations" force row level security;

alter table "memberships" enable row level security;
alter table "memberships" force row level security;

alter table "resources" enable row level security;
alter table "resources" force row level security;

-- keel_api_keys_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_api_keys_maintenance" on "api_keys" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- keel_bookings_select: getBooking (member, integration); listBookings (member, integration); updateBooking (admin, member where row.created_by = principal.id)
create policy "keel_bookings_select" on "bookings" as permissive for select
  to "keel_app"
  using (
    (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_bookings_insert: createBooking (member, integration)
create policy "keel_bookings_insert" on "bookings" as permissive for insert
  to "keel_app"
  with check (
    (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_bookings_update: updateBooking (admin, member where row.created_by = principal.id)
create policy "keel_bookings_update" on "bookings" as permissive for update
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
  )
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_bookings_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_bookings_maintenance" on "bookings" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- keel_invitations_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_invitations_maintenance" on "invitations" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- keel_memberships_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_memberships_maintenance" on "memberships" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- keel_resources_select: getResource (member, integration); listResources (member, integration)
create policy "keel_resources_select" on "resources" as permissive for select
  to "keel_app"
  using (
    (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_resources_insert: createResource (admin)
create policy "keel_resources_insert" on "resources" as permissive for insert
  to "keel_app"
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_resources_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_resources_maintenance" on "resources" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- migrate:down
set lock_timeout = '5s';
drop policy "keel_api_keys_maintenance" on "api_keys";
drop policy "keel_bookings_select" on "bookings";
drop policy "keel_bookings_insert" on "bookings";
drop policy "keel_bookings_update" on "bookings";
drop policy "keel_bookings_maintenance" on "bookings";
drop policy "keel_invitations_maintenance" on "invitations";
drop policy "keel_memberships_maintenance" on "memberships";
drop policy "keel_resources_select" on "resources";
drop policy "keel_resources_insert" on "resources";
drop policy "keel_resources_maintenance" on "resources";
alter table "api_keys" no force row level security;
alter table "api_keys" disable row level security;
alter table "bookings" no force row level security;
alter table "bookings" disable row level security;
alter table "invitations" no force row level security;
alter table "invitations" disable row level security;
alter table "memberships" no force row level security;
alter table "memberships" disable row level security;
alter table "resources" no force row level security;
alter table "resources" disable row level security;
