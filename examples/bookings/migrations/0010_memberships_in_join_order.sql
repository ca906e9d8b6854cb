-- R-MEM-3 lists an organisation's members in the order they joined, a page at a time (ADR-0007): the index serves the
-- keyset. Built concurrently, so writes to memberships (every sign-up, invitation and role change) do not wait for it.
-- keel:no-transaction
-- migrate:up
set lock_timeout = '5s';
create index concurrently if not exists memberships_org_id_created_at_user_id
  on memberships (org_id, created_at, user_id);

-- migrate:down
set lock_timeout = '5s';
drop index concurrently if exists memberships_org_id_created_at_user_id;
