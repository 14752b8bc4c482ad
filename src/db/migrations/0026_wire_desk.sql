-- The wire desk: agency copy (IPTC ninjs) waiting in the newsroom's Wire queue, every version of
-- it as received, and the story an editor made of it. Agency updates and kills notify the newsroom.
create table wire_items (
  id integer generated always as identity primary key,
  uri text not null unique check (char_length(uri) between 1 and 2000),
  agency text not null,
  version text not null default '',
  versions integer not null default 1,
  urgency integer check (urgency between 1 and 9),
  headline text not null,
  located text,
  body_text text not null default '',
  embargoed timestamptz,
  pubstatus text not null check (pubstatus in ('usable', 'withheld', 'canceled')),
  version_created timestamptz,
  received_at timestamptz not null,
  updated_at timestamptz not null,
  source text not null check (source in ('push', 'folder', 'poll')),
  ninjs jsonb not null,
  article_id integer references articles(id) on delete set null,
  used_as text check (used_as in ('draft', 'published'))
);
create index wire_items_recent_idx on wire_items (updated_at desc, id desc);

create table wire_item_versions (
  id integer generated always as identity primary key,
  item_id integer not null references wire_items(id) on delete cascade,
  version text not null,
  pubstatus text not null,
  ninjs jsonb not null,
  received_at timestamptz not null
);
create index wire_item_versions_item_idx on wire_item_versions (item_id, id);

alter table newsroom_notifications drop constraint newsroom_notifications_kind_check;
alter table newsroom_notifications add constraint newsroom_notifications_kind_check
  check (kind in ('submitted', 'returned', 'published', 'changes-submitted', 'changes-returned', 'updated', 'wire-updated', 'wire-killed'));
