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

alter table "articles" enable row level security;
alter table "articles" force row level security;

alter table "comments" enable row level security;
alter table "comments" force row level security;

-- keel_articles_select: GetArticle (visitor, user); UpdateArticle (user where row.author_id = principal.id)
create policy "keel_articles_select" on "articles" as permissive for select
  to "keel_app"
  using (
    (('visitor' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))))
    or (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))))
    or (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("articles"."author_id" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_articles_insert: CreateArticle (user)
create policy "keel_articles_insert" on "articles" as permissive for insert
  to "keel_app"
  with check (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))))
  );

-- keel_articles_update: UpdateArticle (user where row.author_id = principal.id)
create policy "keel_articles_update" on "articles" as permissive for update
  to "keel_app"
  using (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("articles"."author_id" = nullif(current_setting('keel.principal', true), '')::uuid))
  )
  with check (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("articles"."author_id" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_articles_delete: DeleteArticle (user where row.author_id = principal.id)
create policy "keel_articles_delete" on "articles" as permissive for delete
  to "keel_app"
  using (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("articles"."author_id" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_articles_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_articles_maintenance" on "articles" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- keel_comments_select: GetArticleComments (visitor, user)
create policy "keel_comments_select" on "comments" as permissive for select
  to "keel_app"
  using (
    (('visitor' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))))
    or (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))))
  );

-- keel_comments_insert: CreateArticleComment (user)
create policy "keel_comments_insert" on "comments" as permissive for insert
  to "keel_app"
  with check (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))))
  );

-- keel_comments_delete: DeleteArticleComment (user where row.author_id = principal.id)
create policy "keel_comments_delete" on "comments" as permissive for delete
  to "keel_app"
  using (
    (('user' = any(string_to_array(nullif(current_setting('keel.roles', true), ''), ','))) and ("comments"."author_id" = nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_comments_maintenance: every role but keel_app (the owner: migrations, Keel’s lookups, seeds)
create policy "keel_comments_maintenance" on "comments" as permissive for all
  to public
  using (
    current_user <> 'keel_app'
  )
  with check (
    current_user <> 'keel_app'
  );

-- migrate:down
set lock_timeout = '5s';
drop policy "keel_articles_select" on "articles";
drop policy "keel_articles_insert" on "articles";
drop policy "keel_articles_update" on "articles";
drop policy "keel_articles_delete" on "articles";
drop policy "keel_articles_maintenance" on "articles";
drop policy "keel_comments_select" on "comments";
drop policy "keel_comments_insert" on "comments";
drop policy "keel_comments_delete" on "comments";
drop policy "keel_comments_maintenance" on "comments";
alter table "articles" no force row level security;
alter table "articles" disable row level security;
alter table "comments" no force row level security;
alter table "comments" disable row level security;
