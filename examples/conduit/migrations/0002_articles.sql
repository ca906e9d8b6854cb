-- Articles, their tags (kept on the row, in the author's order) and favourites.
-- migrate:up
create table articles (
  id bigint generated always as identity primary key,
  slug text not null check (char_length(slug) <= 200 and slug ~ '^[a-z0-9-]+$'),
  title text not null check (char_length(title) between 1 and 200),
  description text not null check (char_length(description) <= 1000),
  body text not null check (char_length(body) <= 100000),
  tag_list text[] not null default '{}' check (cardinality(tag_list) <= 20),
  author_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint articles_slug_key unique (slug)
);
create index articles_recent on articles (created_at desc, id desc);
create index articles_author_recent on articles (author_id, created_at desc, id desc);
create index articles_tag_list on articles using gin (tag_list);

create table favorites (
  user_id uuid not null references users (id) on delete cascade,
  article_id bigint not null references articles (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint favorites_pkey primary key (user_id, article_id)
);
create index favorites_article_id on favorites (article_id);

-- migrate:down
drop table favorites;
drop table articles;
