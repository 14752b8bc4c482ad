-- Counters: views (bucketed by hour for "most read" and by day for history), shares by kind,
-- comments (fed by the discussion module), and per-article totals read by the page counters.
-- Totals shown = articles.base_*_count (carried over from an import) + these.

create table article_counters (
  article_id integer primary key references articles(id) on delete cascade,
  views bigint not null default 0 check (views >= 0),
  shares bigint not null default 0 check (shares >= 0),
  comments integer not null default 0 check (comments >= 0),
  updated_at timestamptz not null default now()
);

create table article_view_hours (
  article_id integer not null references articles(id) on delete cascade,
  hour timestamptz not null,
  views integer not null check (views > 0),
  primary key (article_id, hour)
);
create index article_view_hours_hour_idx on article_view_hours (hour, article_id);

create table article_view_days (
  article_id integer not null references articles(id) on delete cascade,
  day date not null,
  views bigint not null check (views > 0),
  primary key (article_id, day)
);

create table article_share_counts (
  article_id integer not null references articles(id) on delete cascade,
  kind text not null check (kind ~ '^[a-z]{1,16}$'),
  shares bigint not null check (shares > 0),
  primary key (article_id, kind)
);

-- Batches moved from Redis into the database, so a batch retried after a crash is applied once.
create table counter_batches (
  id text primary key check (length(id) <= 64),
  applied_at timestamptz not null default now()
);
create index counter_batches_applied_idx on counter_batches (applied_at);
