-- Short links: one immutable code per article (assigned when first published), and links that
-- editors make for any other URL. A row is never deleted, so a code is never handed out again:
-- deleting a link only marks it, and deleting an article only clears article_id.

create table short_links (
  id integer generated always as identity primary key,
  code text not null unique check (code ~ '^[0-9A-Za-z]{4,16}$'),
  kind text not null check (kind in ('article', 'url')),
  article_id integer unique references articles(id) on delete set null,
  target_url text check (length(target_url) between 1 and 2000),
  expires_at timestamptz,
  clicks bigint not null default 0 check (clicks >= 0),
  created_by integer references people(id) on delete set null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  check (kind = 'url' or target_url is null),
  check (kind = 'article' or (target_url is not null and article_id is null))
);
create index short_links_url_created_idx on short_links (created_at desc, id desc) where kind = 'url';

-- A code and the article it names never change (the article may only go away: set null).
create function short_links_keep_code() returns trigger language plpgsql as $$
begin
  if new.code <> old.code or new.kind <> old.kind
     or (new.article_id is not null and new.article_id is distinct from old.article_id) then
    raise exception 'short link % is immutable', old.code using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger short_links_keep_code before update on short_links
  for each row execute function short_links_keep_code();
