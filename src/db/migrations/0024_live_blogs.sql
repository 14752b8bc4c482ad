-- Live blogs (docs/adr/0013-live-blogs-and-alerts.md): an article whose page carries a stream of
-- short, timestamped entries, newest first, key events pinned. The article keeps its own
-- published versions (headline, lead, summary body); entries are records of their own, public
-- once posted, with an append-only history of every post, edit, pin and deletion.

create table live_blogs (
  article_id integer primary key references articles(id) on delete cascade,
  started_at timestamptz not null default now(),
  -- coverage ended: the page says so, readers' pages stop listening, the composer closes
  ended_at timestamptz,
  started_by integer references accounts(id) on delete set null,
  ended_by integer references accounts(id) on delete set null
);

-- Every change to any entry takes the next number: a reader who reconnects asks for what changed
-- after the last number it saw, so nothing is missed or shown twice.
create sequence live_entry_change_seq;

create table live_entries (
  id integer generated always as identity primary key,
  article_id integer not null references live_blogs(article_id) on delete cascade,
  -- blocks of the article body model (content/blocks.ts)
  body jsonb not null check (jsonb_typeof(body) = 'array'),
  -- a key event's label in the key-events list (required to pin)
  title text not null default '' check (length(title) <= 200),
  pinned boolean not null default false,
  author_id integer references accounts(id) on delete set null,
  -- the byline as it was when posted (a renamed account does not rewrite coverage)
  author_name text not null default '' check (length(author_name) <= 200),
  posted_at timestamptz not null,
  edited_at timestamptz,
  -- deleted entries stay (tombstones) so readers' pages and the history can say so
  deleted_at timestamptz,
  revision integer not null default 1 check (revision >= 1),
  change_seq bigint not null default nextval('live_entry_change_seq')
);
create index live_entries_page_idx on live_entries (article_id, id desc) where deleted_at is null;
create index live_entries_change_idx on live_entries (article_id, change_seq);

-- What each entry said after each change; rows are only ever added.
create table live_entry_revisions (
  entry_id integer not null references live_entries(id) on delete cascade,
  revision integer not null check (revision >= 1),
  action text not null check (action in ('posted', 'edited', 'pinned', 'unpinned', 'deleted')),
  body jsonb not null,
  title text not null,
  pinned boolean not null,
  by_account integer references accounts(id) on delete set null,
  at timestamptz not null,
  primary key (entry_id, revision)
);

create function live_entry_revisions_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'live_entry_revisions is append-only';
end
$$;
create trigger live_entry_revisions_no_update before update on live_entry_revisions
  for each row execute function live_entry_revisions_append_only();
