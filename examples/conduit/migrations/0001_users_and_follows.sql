-- Profiles of Keel's identity users (keel.users holds the email and password hash; the ids are the same).
-- migrate:up
create table users (
  id uuid primary key,
  username text not null check (char_length(username) between 1 and 100),
  email text not null check (char_length(email) between 3 and 254),
  bio text not null default '' check (char_length(bio) <= 2000),
  image text not null default '' check (char_length(image) <= 2000),
  created_at timestamptz not null default now(),
  constraint users_username_key unique (username),
  constraint users_email_key unique (email)
);

create table follows (
  follower_id uuid not null references users (id) on delete cascade,
  followed_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint follows_pkey primary key (follower_id, followed_id),
  constraint follows_not_self check (follower_id <> followed_id)
);
create index follows_followed_id on follows (followed_id);

-- migrate:down
drop table follows;
drop table users;
