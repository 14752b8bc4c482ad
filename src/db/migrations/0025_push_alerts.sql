-- Breaking-news alerts over Web Push (RFC 8030/8291/8292; docs/adr/0013-live-blogs-and-alerts.md).

-- The site's VAPID key pair: made once, on first need, by whichever node gets there first.
create table push_keys (
  id boolean primary key default true check (id),
  public_key text not null check (public_key ~ '^[A-Za-z0-9_-]{86,88}$'),
  private_key text not null check (private_key ~ '^[A-Za-z0-9_-]{42,44}$'),
  created_at timestamptz not null default now()
);

-- A reader's browser that opted in: its push service endpoint and keys, for one edition,
-- either every section (section_ids empty) or the sections listed (and those below them).
create table push_subscriptions (
  id integer generated always as identity primary key,
  endpoint text not null unique check (endpoint ~ '^https?://' and length(endpoint) <= 2000),
  p256dh text not null check (p256dh ~ '^[A-Za-z0-9_-]{86,88}$'),
  auth text not null check (auth ~ '^[A-Za-z0-9_-]{16,24}$'),
  edition_id integer not null references editions(id) on delete cascade,
  section_ids integer[] not null default '{}',
  created_at timestamptz not null default now(),
  last_sent_at timestamptz
);
create index push_subscriptions_edition_idx on push_subscriptions (edition_id);

create table push_alerts (
  id integer generated always as identity primary key,
  edition_id integer not null references editions(id) on delete cascade,
  section_id integer references sections(id) on delete set null,
  article_id integer references articles(id) on delete set null,
  -- a live blog entry the alert points at (its permalink)
  entry_id integer,
  title text not null check (length(title) between 1 and 120),
  body text not null default '' check (length(body) <= 300),
  url text not null check (length(url) <= 2000),
  sent_by integer references accounts(id) on delete set null,
  created_at timestamptz not null,
  -- news goes stale: what is not delivered by then is dropped (and the push service is told the TTL)
  expires_at timestamptz not null,
  recipients integer not null default 0
);

-- The delivery queue: one row per alert and subscription, retried with backoff.
create table push_deliveries (
  id bigint generated always as identity primary key,
  alert_id integer not null references push_alerts(id) on delete cascade,
  -- null once the subscription is gone (the push service answered 404/410)
  subscription_id integer references push_subscriptions(id) on delete set null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'expired', 'gone')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_status integer,
  last_error text,
  sent_at timestamptz,
  unique (alert_id, subscription_id)
);
create index push_deliveries_due_idx on push_deliveries (next_attempt_at) where status = 'queued';
