-- Archived resources (BR-RES-1), cancelled bookings (BR-BOOK-4, BR-BOOK-6) and the last use of an API key (R-KEY-2);
-- then the membership changes that row-level security alone cannot make safe, as functions owned by the migrating role.
-- Each takes the caller from the request's settings (keel.principal, keel.tenant, keel.roles, set by Keel for the
-- transaction after access.yaml allowed the operation), never from an argument.
-- migrate:up
set lock_timeout = '5s';

alter table resources add column archived_at timestamptz;
alter table bookings add column cancelled_at timestamptz;
alter table api_keys add column last_used_at timestamptz;
-- BR-BOOK-3 (ADR-0008): a booking lasts at most 7 days, whatever writes it. Added unchecked, then validated, so that
-- writes are not held up while existing rows are checked.
alter table bookings add constraint bookings_at_most_7_days check (ends_at <= starts_at + interval '7 days') not valid;
alter table bookings validate constraint bookings_at_most_7_days;

-- Whether the request acts as an admin of the organisation, as Keel resolved it from memberships (BR-ROLE-1).
create function request_is_admin_of(organisation uuid)
returns boolean
language sql
stable
as $$
  select organisation = nullif(current_setting('keel.tenant', true), '')::uuid
    and 'admin' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','));
$$;

-- R-MEM-4: a member's new role. The organisation's admin rows are locked first, so two admins demoting each other at
-- once cannot leave it without one (BR-MEM-1). Returns no row when the user is not a member; raises LAST_ADMIN.
create function change_member_role(organisation uuid, member uuid, new_role text)
returns setof memberships
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  current_role_of text;
  admins integer;
begin
  if not request_is_admin_of(organisation) then
    raise exception 'change_member_role needs an admin of the organisation' using errcode = '42501';
  end if;
  perform 1 from memberships where org_id = organisation and role = 'admin' for update;
  select role into current_role_of from memberships where org_id = organisation and user_id = member for update;
  if current_role_of is null then
    return;
  end if;
  select count(*) into admins from memberships where org_id = organisation and role = 'admin';
  if current_role_of = 'admin' and new_role <> 'admin' and admins <= 1 then
    raise exception 'LAST_ADMIN' using errcode = 'P0001', hint = 'last_admin';
  end if;
  return query
    update memberships set role = new_role where org_id = organisation and user_id = member returning *;
end;
$$;

-- R-MEM-5: removes a member, never the last admin (BR-MEM-1). Returns whether there was such a member.
create function remove_member(organisation uuid, member uuid)
returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  current_role_of text;
  admins integer;
begin
  if not request_is_admin_of(organisation) then
    raise exception 'remove_member needs an admin of the organisation' using errcode = '42501';
  end if;
  perform 1 from memberships where org_id = organisation and role = 'admin' for update;
  select role into current_role_of from memberships where org_id = organisation and user_id = member for update;
  if current_role_of is null then
    return false;
  end if;
  select count(*) into admins from memberships where org_id = organisation and role = 'admin';
  if current_role_of = 'admin' and admins <= 1 then
    raise exception 'LAST_ADMIN' using errcode = 'P0001', hint = 'last_admin';
  end if;
  delete from memberships where org_id = organisation and user_id = member;
  return true;
end;
$$;

-- R-MEM-2: the signed-in user accepts an invitation to the organisation (BR-MEM-3). The caller is not a member yet, so
-- row-level security would show them neither the invitation nor let them join. Answers an outcome: 'accepted',
-- 'not-found' (no such invitation, or one for another address), 'used' or 'expired'.
create function accept_invitation(organisation uuid, invitation uuid)
returns table (outcome text, joined_org uuid, joined_user uuid, joined_role text, joined_at timestamptz)
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  caller uuid := nullif(current_setting('keel.principal', true), '')::uuid;
  caller_email text;
  found invitations;
  joined memberships;
begin
  if caller is null then
    raise exception 'accept_invitation needs a signed-in principal' using errcode = '42501';
  end if;
  select email into caller_email from users where id = caller;
  select * into found from invitations
    where invitations.id = invitation and invitations.org_id = organisation for update;
  if found.id is null or caller_email is null or lower(found.email) <> lower(caller_email) then
    return query select 'not-found', null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  if found.accepted_at is not null then
    return query select 'used', null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  if now() >= found.created_at + interval '7 days' then
    return query select 'expired', null::uuid, null::uuid, null::text, null::timestamptz;
    return;
  end if;
  update invitations set accepted_at = now(), accepted_by = caller where invitations.id = found.id;
  insert into memberships as m (org_id, user_id, role) values (organisation, caller, found.role)
    on conflict on constraint memberships_pkey do update set role = m.role
    returning m.* into joined;
  return query select 'accepted', joined.org_id, joined.user_id, joined.role, joined.created_at;
end;
$$;

-- R-KEY-3: revokes an API key of the organisation (BR-KEY-2); a key already revoked keeps its time of revocation.
-- Returns whether the organisation has such a key.
create function revoke_api_key(organisation uuid, key uuid)
returns boolean
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
  if not request_is_admin_of(organisation) then
    raise exception 'revoke_api_key needs an admin of the organisation' using errcode = '42501';
  end if;
  update api_keys set revoked_at = coalesce(revoked_at, now()) where id = key and org_id = organisation;
  return found;
end;
$$;

-- R-KEY-2: the time the calling API key was last used, at most once a minute per key to spare the row.
create function record_api_key_use()
returns void
language sql
security definer
set search_path = public, pg_temp
as $$
  update api_keys set last_used_at = now()
  where id = nullif(current_setting('keel.principal', true), '')::uuid
    and org_id = nullif(current_setting('keel.tenant', true), '')::uuid
    and 'integration' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))
    and (last_used_at is null or last_used_at < now() - interval '1 minute');
$$;

-- migrate:down
set lock_timeout = '5s';
drop function record_api_key_use();
drop function revoke_api_key(uuid, uuid);
drop function accept_invitation(uuid, uuid);
drop function remove_member(uuid, uuid);
drop function change_member_role(uuid, uuid, text);
drop function request_is_admin_of(uuid);
alter table api_keys drop column last_used_at;
alter table bookings drop constraint bookings_at_most_7_days;
alter table bookings drop column cancelled_at;
alter table resources drop column archived_at;
