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

drop policy "keel_resources_select" on "resources";

drop policy "keel_bookings_update" on "bookings";

drop policy "keel_bookings_insert" on "bookings";

drop policy "keel_bookings_select" on "bookings";

-- keel_api_keys_select: listApiKeys (admin)
create policy "keel_api_keys_select" on "api_keys" as permissive for select
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("api_keys"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_api_keys_insert: createApiKey (admin)
create policy "keel_api_keys_insert" on "api_keys" as permissive for insert
  to "keel_app"
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("api_keys"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_api_keys_delete: revokeApiKey (admin)
create policy "keel_api_keys_delete" on "api_keys" as permissive for delete
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("api_keys"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_bookings_select: getBooking (member, integration); listBookings (member, integration); updateBooking (admin, member where row.created_by = principal.id, integration where row.created_by = principal.id)
create policy "keel_bookings_select" on "bookings" as permissive for select
  to "keel_app"
  using (
    (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_bookings_insert: cancelBooking (admin, member where row.created_by = principal.id, integration where row.created_by = principal.id); createBooking (member, integration)
create policy "keel_bookings_insert" on "bookings" as permissive for insert
  to "keel_app"
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_bookings_update: updateBooking (admin, member where row.created_by = principal.id, integration where row.created_by = principal.id)
create policy "keel_bookings_update" on "bookings" as permissive for update
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
  )
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("bookings"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid) and ("bookings"."created_by" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_invitations_insert: acceptInvitation (user where row.accepted_by is null); createInvitation (admin)
create policy "keel_invitations_insert" on "invitations" as permissive for insert
  to "keel_app"
  with check (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("invitations"."accepted_by" is null))
    or (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("invitations"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_memberships_select: listMembers (member); updateMember (admin)
create policy "keel_memberships_select" on "memberships" as permissive for select
  to "keel_app"
  using (
    (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("memberships"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("memberships"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_memberships_update: updateMember (admin)
create policy "keel_memberships_update" on "memberships" as permissive for update
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("memberships"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  )
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("memberships"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_memberships_delete: removeMember (admin)
create policy "keel_memberships_delete" on "memberships" as permissive for delete
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("memberships"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_resources_select: getResource (member, integration); listResources (member, integration); updateResource (admin)
create policy "keel_resources_select" on "resources" as permissive for select
  to "keel_app"
  using (
    (('member' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
    or (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- keel_resources_update: updateResource (admin)
create policy "keel_resources_update" on "resources" as permissive for update
  to "keel_app"
  using (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  )
  with check (
    (('admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("resources"."org_id" = nullif(current_setting('keel.tenant', true), '')::uuid))
  );

-- migrate:down
set lock_timeout = '5s';
drop policy "keel_api_keys_select" on "api_keys";
drop policy "keel_api_keys_insert" on "api_keys";
drop policy "keel_api_keys_delete" on "api_keys";
drop policy "keel_bookings_select" on "bookings";
drop policy "keel_bookings_insert" on "bookings";
drop policy "keel_bookings_update" on "bookings";
drop policy "keel_invitations_insert" on "invitations";
drop policy "keel_memberships_select" on "memberships";
drop policy "keel_memberships_update" on "memberships";
drop policy "keel_memberships_delete" on "memberships";
drop policy "keel_resources_select" on "resources";
drop policy "keel_resources_update" on "resources";
create policy "keel_resources_select" on "resources" as permissive for select to "keel_app" using (((('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))));
create policy "keel_bookings_update" on "bookings" as permissive for update to "keel_app" using (((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)))) with check (((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid))));
create policy "keel_bookings_insert" on "bookings" as permissive for insert to "keel_app" with check (((('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))));
create policy "keel_bookings_select" on "bookings" as permissive for select to "keel_app" using (((('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid))));
