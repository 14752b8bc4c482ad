-- Newsroom: who created an article, an edit version for optimistic locking, and revisions.

alter table articles add column created_by integer references accounts(id) on delete set null;
alter table articles add column version integer not null default 1;
create index articles_status_modified_idx on articles (status, modified_at desc);
create index articles_scheduled_idx on articles (scheduled_for) where status = 'scheduled';
create index articles_created_by_idx on articles (created_by);

create table article_revisions (
  id integer generated always as identity primary key,
  article_id integer not null references articles(id) on delete cascade,
  number integer not null,
  created_at timestamptz not null default now(),
  author_id integer references accounts(id) on delete set null,
  -- save, autosave, restore, import
  kind text not null check (kind in ('save', 'autosave', 'restore', 'import')),
  snapshot jsonb not null,
  unique (article_id, number)
);
