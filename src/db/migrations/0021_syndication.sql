-- Syndication out: keys for the subscriber feed, the Content API and the wire push endpoint
-- (stored as SHA-256 of the secret: keys are long random tokens), and the feed of changes that
-- subscribers page through (every published version, and every unpublication as a cancel).
create table syndication_keys (
  id integer generated always as identity primary key,
  name text not null check (char_length(name) between 1 and 200),
  key_prefix text not null,
  key_hash text not null unique,
  scopes text[] not null check (scopes <@ array['content', 'feed', 'wire']::text[] and cardinality(scopes) > 0),
  created_by integer references accounts(id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

create table syndication_changes (
  id integer generated always as identity primary key,
  article_id integer not null references articles(id) on delete cascade,
  pubstatus text not null check (pubstatus in ('usable', 'canceled')),
  version_number integer,
  at timestamptz not null default now()
);
create index syndication_changes_article_idx on syndication_changes (article_id, id desc);
