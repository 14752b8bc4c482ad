-- Imports from other platforms (WordPress WXR, Ghost JSON, a Dateline export): what each source
-- item became here, so importing again updates instead of duplicating, and the old addresses of
-- imported articles and sections, answered with a 301 to their new URL.

create table import_items (
  -- the source site: 'wordpress:https://old.example.org', 'ghost:https://blog.example.org', 'dateline:…'
  source text not null check (length(source) between 1 and 400),
  kind text not null check (kind in ('author', 'category', 'tag', 'post', 'page', 'attachment', 'comment', 'commenter')),
  -- the item's id or GUID in the source
  source_id text not null check (length(source_id) between 1 and 400),
  local_id integer not null,
  -- sha-256 of what was imported: the same item in a newer export changes only when this does
  content_hash text not null,
  imported_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (source, kind, source_id)
);
create index import_items_local_idx on import_items (kind, local_id);

create table redirects (
  -- the old address as a reader would ask for it: a path ('/2019/05/04/old-post/') or the root
  -- with one query parameter ('/?p=123', '/?page_id=7'), without the site's host
  path text primary key check (length(path) between 1 and 2000 and path like '/%'),
  article_id integer references articles(id) on delete cascade,
  section_id integer references sections(id) on delete cascade,
  source text not null default '',
  created_at timestamptz not null default now(),
  check ((article_id is null) <> (section_id is null))
);
create index redirects_article_idx on redirects (article_id);
