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

drop policy "keel_resources_update" on "resources";

drop policy "keel_resources_select" on "resources";

drop policy "keel_resources_insert" on "resources";

drop policy "keel_bookings_update" on "bookings";

drop policy "keel_bookings_insert" on "bookings";

drop policy "keel_bookings_select" on "bookings";

drop policy "keel_memberships_delete" on "memberships";

drop policy "keel_memberships_update" on "memberships";

drop policy "keel_memberships_select" on "memberships";

drop policy "keel_api_keys_delete" on "api_keys";

drop policy "keel_api_keys_insert" on "api_keys";

drop policy "keel_api_keys_select" on "api_keys";

drop policy "keel_invitations_insert" on "invitations";

-- keel_api_keys_select: listApiKeys (admin)
create policy "keel_api_keys_select" on "api_keys" as permissive for select
  to "keel_app"
  using (
    "api_keys"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  );

-- keel_api_keys_insert: createApiKey (admin)
create policy "keel_api_keys_insert" on "api_keys" as permissive for insert
  to "keel_app"
  with check (
    "api_keys"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  );

-- keel_api_keys_delete: revokeApiKey (admin)
create policy "keel_api_keys_delete" on "api_keys" as permissive for delete
  to "keel_app"
  using (
    "api_keys"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  );

-- keel_bookings_select: getBooking (member, integration); listBookings (member, integration); updateBooking (admin, member where row.created_by = principal.id, integration where row.created_by = principal.id)
create policy "keel_bookings_select" on "bookings" as permissive for select
  to "keel_app"
  using (
    "bookings"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin', 'integration', 'member'])
  );

-- keel_bookings_insert: cancelBooking (admin, member where row.created_by = principal.id, integration where row.created_by = principal.id); createBooking (member, integration)
create policy "keel_bookings_insert" on "bookings" as permissive for insert
  to "keel_app"
  with check (
    "bookings"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin', 'integration', 'member'])
  );

-- keel_bookings_update: updateBooking (admin, member where row.created_by = principal.id, integration where row.created_by = principal.id)
create policy "keel_bookings_update" on "bookings" as permissive for update
  to "keel_app"
  using (
    "bookings"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (
      (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
      or ((select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['integration', 'member']) and ("bookings"."created_by" = (select nullif(current_setting('keel.principal', true), '')::uuid)))
    )
  )
  with check (
    "bookings"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (
      (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
      or ((select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['integration', 'member']) and ("bookings"."created_by" = (select nullif(current_setting('keel.principal', true), '')::uuid)))
    )
  );

-- keel_invitations_insert: acceptInvitation (user where row.accepted_by is null); createInvitation (admin)
create policy "keel_invitations_insert" on "invitations" as permissive for insert
  to "keel_app"
  with check (
    ("invitations"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin']))
    or ((select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user']) and ("invitations"."accepted_by" is null))
  );

-- keel_memberships_select: listMembers (member); updateMember (admin)
create policy "keel_memberships_select" on "memberships" as permissive for select
  to "keel_app"
  using (
    "memberships"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin', 'member'])
  );

-- keel_memberships_update: updateMember (admin)
create policy "keel_memberships_update" on "memberships" as permissive for update
  to "keel_app"
  using (
    "memberships"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  )
  with check (
    "memberships"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  );

-- keel_memberships_delete: removeMember (admin)
create policy "keel_memberships_delete" on "memberships" as permissive for delete
  to "keel_app"
  using (
    "memberships"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  );

-- keel_resources_select: getResource (member, integration); listResources (member, integration); updateResource (admin)
create policy "keel_resources_select" on "resources" as permissive for select
  to "keel_app"
  using (
    "resources"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin', 'integration', 'member'])
  );

-- keel_resources_insert: archiveResource (admin); createResource (admin)
create policy "keel_resources_insert" on "resources" as permissive for insert
  to "keel_app"
  with check (
    "resources"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  );

-- keel_resources_update: updateResource (admin)
create policy "keel_resources_update" on "resources" as permissive for update
  to "keel_app"
  using (
    "resources"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
  )
  with check (
    "resources"."org_id" = (select nullif(current_setting('keel.tenant', true), '')::uuid)
    and (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['admin'])
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
drop policy "keel_resources_insert" on "resources";
drop policy "keel_resources_update" on "resources";
create policy "keel_resources_update" on "resources" as permissive for update to "keel_app" using ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))) with check ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_resources_select" on "resources" as permissive for select to "keel_app" using (((('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))));
create policy "keel_resources_insert" on "resources" as permissive for insert to "keel_app" with check ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_bookings_update" on "bookings" as permissive for update to "keel_app" using (((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)))) with check (((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid))));
create policy "keel_bookings_insert" on "bookings" as permissive for insert to "keel_app" with check (((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))));
create policy "keel_bookings_select" on "bookings" as permissive for select to "keel_app" using (((('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)) OR (('integration'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid) AND (created_by = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid))));
create policy "keel_memberships_delete" on "memberships" as permissive for delete to "keel_app" using ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_memberships_update" on "memberships" as permissive for update to "keel_app" using ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))) with check ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_memberships_select" on "memberships" as permissive for select to "keel_app" using (((('member'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)) OR (('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))));
create policy "keel_api_keys_delete" on "api_keys" as permissive for delete to "keel_app" using ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_api_keys_insert" on "api_keys" as permissive for insert to "keel_app" with check ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_api_keys_select" on "api_keys" as permissive for select to "keel_app" using ((('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid)));
create policy "keel_invitations_insert" on "invitations" as permissive for insert to "keel_app" with check (((('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (accepted_by IS NULL)) OR (('admin'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (org_id = (NULLIF(current_setting('keel.tenant'::text, true), ''::text))::uuid))));
