-- Discussion: comments, likes, reports, readers' standing, per-article discussion settings,
-- site-wide moderation settings and the community standards (sections numbered for reference).

create table discussion_settings (
  id integer primary key default 1 check (id = 1),
  -- word lists, limits and windows; unknown or missing keys fall back to defaults in code
  settings jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now(),
  updated_by integer references accounts(id) on delete set null
);

create table community_standards (
  id integer primary key default 1 check (id = 1),
  intro text not null default '' check (length(intro) <= 4000),
  updated_at timestamptz not null default now(),
  updated_by integer references accounts(id) on delete set null
);

-- Numbered sections: reports and moderation decisions cite them by number, so a number is
-- never reused; a section that no longer applies is retired (hidden) rather than deleted.
create table standards_sections (
  number integer primary key check (number between 1 and 99),
  title text not null check (length(title) between 1 and 120),
  body text not null check (length(body) <= 4000),
  retired boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by integer references accounts(id) on delete set null
);

create table article_discussions (
  article_id integer primary key references articles(id) on delete cascade,
  -- approved comments and replies, maintained on every status change (never counted per request)
  comment_count integer not null default 0 check (comment_count >= 0),
  -- null: open until the site-wide number of days after publication; true/false: set by a moderator
  closed boolean,
  premoderated boolean not null default false,
  updated_at timestamptz not null default now()
);

create table comments (
  id integer generated always as identity primary key,
  article_id integer not null references articles(id) on delete cascade,
  -- one level of threading: a reply's parent is always a top-level comment
  parent_id integer references comments(id) on delete cascade,
  author_id integer not null references accounts(id) on delete cascade,
  body text not null check (length(body) between 1 and 10000),
  status text not null check (status in ('pending', 'approved', 'rejected', 'deleted')),
  -- which rule or moderator held or rejected it, why, and the standards section cited
  moderation_rule text,
  moderation_reason text,
  standards_section integer,
  moderated_by integer references accounts(id) on delete set null,
  like_count integer not null default 0 check (like_count >= 0),
  -- approved replies (a comment no longer visible stays listed as a placeholder while it has some)
  reply_count integer not null default 0 check (reply_count >= 0),
  open_reports integer not null default 0 check (open_reports >= 0),
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  status_changed_at timestamptz not null default now(),
  listed boolean generated always as (status = 'approved' or reply_count > 0) stored
);
-- keyset pages of an article's top-level comments, newest/oldest and most liked
create index comments_article_time_idx on comments (article_id, created_at desc, id desc) where parent_id is null and listed;
create index comments_article_likes_idx on comments (article_id, like_count desc, id desc) where parent_id is null and listed;
create index comments_replies_idx on comments (parent_id, created_at, id) where listed;
create index comments_author_idx on comments (author_id, created_at desc);
-- the moderation queues
create index comments_pending_idx on comments (created_at, id) where status = 'pending';
create index comments_rejected_idx on comments (status_changed_at desc, id desc) where status = 'rejected';
create index comments_reported_idx on comments (status_changed_at, id) where open_reports > 0;

create table comment_likes (
  comment_id integer not null references comments(id) on delete cascade,
  account_id integer not null references accounts(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (comment_id, account_id)
);

create table comment_reports (
  id integer generated always as identity primary key,
  comment_id integer not null references comments(id) on delete cascade,
  reporter_id integer not null references accounts(id) on delete cascade,
  standards_section integer not null,
  note text not null default '' check (length(note) <= 500),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by integer references accounts(id) on delete set null,
  unique (comment_id, reporter_id)
);
create index comment_reports_open_idx on comment_reports (comment_id) where resolved_at is null;

-- A reader's standing in discussion: counts for trust, and sanctions.
create table discussion_readers (
  account_id integer primary key references accounts(id) on delete cascade,
  approved_count integer not null default 0 check (approved_count >= 0),
  rejected_count integer not null default 0 check (rejected_count >= 0),
  banned boolean not null default false,
  suspended_until timestamptz,
  sanction_reason text not null default '',
  updated_at timestamptz not null default now()
);
