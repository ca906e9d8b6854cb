-- Creating an organisation makes its creator the first admin (BR-MEM-2). The caller is in no organisation yet, so
-- row-level security gives them no right to insert a membership; this function, owned by the migrating role and run
-- with its rights, does both inserts in one statement, taking the creator from the request's principal (set by Keel
-- for the transaction), never from an argument, so no caller can make someone else an admin.
-- migrate:up
create function create_organisation(organisation_name text, organisation_slug text)
returns setof organisations
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
  creator uuid := nullif(current_setting('keel.principal', true), '')::uuid;
  created organisations;
begin
  if creator is null then
    raise exception 'create_organisation needs a signed-in principal' using errcode = '42501';
  end if;
  insert into organisations (name, slug) values (organisation_name, organisation_slug) returning * into created;
  insert into memberships (org_id, user_id, role) values (created.id, creator, 'admin');
  return next created;
end;
$$;

-- migrate:down
drop function create_organisation(text, text);
