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

drop policy "keel_articles_delete" on "articles";

drop policy "keel_articles_update" on "articles";

drop policy "keel_articles_insert" on "articles";

drop policy "keel_articles_select" on "articles";

drop policy "keel_comments_delete" on "comments";

drop policy "keel_comments_insert" on "comments";

drop policy "keel_comments_select" on "comments";

-- keel_articles_select: GetArticle (visitor, user); UpdateArticle (user where row.author_id = principal.id)
create policy "keel_articles_select" on "articles" as permissive for select
  to "keel_app"
  using (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user', 'visitor'])
  );

-- keel_articles_insert: CreateArticle (user)
create policy "keel_articles_insert" on "articles" as permissive for insert
  to "keel_app"
  with check (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user'])
  );

-- keel_articles_update: UpdateArticle (user where row.author_id = principal.id)
create policy "keel_articles_update" on "articles" as permissive for update
  to "keel_app"
  using (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user']) and ("articles"."author_id" = (select nullif(current_setting('keel.principal', true), '')::uuid))
  )
  with check (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user']) and ("articles"."author_id" = (select nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_articles_delete: DeleteArticle (user where row.author_id = principal.id)
create policy "keel_articles_delete" on "articles" as permissive for delete
  to "keel_app"
  using (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user']) and ("articles"."author_id" = (select nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- keel_comments_select: GetArticleComments (visitor, user)
create policy "keel_comments_select" on "comments" as permissive for select
  to "keel_app"
  using (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user', 'visitor'])
  );

-- keel_comments_insert: CreateArticleComment (user)
create policy "keel_comments_insert" on "comments" as permissive for insert
  to "keel_app"
  with check (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user'])
  );

-- keel_comments_delete: DeleteArticleComment (user where row.author_id = principal.id)
create policy "keel_comments_delete" on "comments" as permissive for delete
  to "keel_app"
  using (
    (select string_to_array(nullif(current_setting('keel.roles', true), ''), ',') && array['user']) and ("comments"."author_id" = (select nullif(current_setting('keel.principal', true), '')::uuid))
  );

-- migrate:down
set lock_timeout = '5s';
drop policy "keel_articles_select" on "articles";
drop policy "keel_articles_insert" on "articles";
drop policy "keel_articles_update" on "articles";
drop policy "keel_articles_delete" on "articles";
drop policy "keel_comments_select" on "comments";
drop policy "keel_comments_insert" on "comments";
drop policy "keel_comments_delete" on "comments";
create policy "keel_articles_delete" on "articles" as permissive for delete to "keel_app" using ((('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (author_id = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)));
create policy "keel_articles_update" on "articles" as permissive for update to "keel_app" using ((('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (author_id = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid))) with check ((('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (author_id = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)));
create policy "keel_articles_insert" on "articles" as permissive for insert to "keel_app" with check (('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))));
create policy "keel_articles_select" on "articles" as permissive for select to "keel_app" using ((('visitor'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) OR ('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) OR (('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (author_id = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid))));
create policy "keel_comments_delete" on "comments" as permissive for delete to "keel_app" using ((('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) AND (author_id = (NULLIF(current_setting('keel.principal'::text, true), ''::text))::uuid)));
create policy "keel_comments_insert" on "comments" as permissive for insert to "keel_app" with check (('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))));
create policy "keel_comments_select" on "comments" as permissive for select to "keel_app" using ((('visitor'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text))) OR ('user'::text = ANY (string_to_array(NULLIF(current_setting('keel.roles'::text, true), ''::text), ','::text)))));
