-- Comments on articles; the contract's comment ids are integers.
-- migrate:up
create table comments (
  id bigint generated always as identity primary key,
  article_id bigint not null references articles (id) on delete cascade,
  author_id uuid not null references users (id) on delete cascade,
  body text not null check (char_length(body) between 1 and 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index comments_article_id on comments (article_id, id);
create index comments_author_id on comments (author_id);

-- migrate:down
drop table comments;
