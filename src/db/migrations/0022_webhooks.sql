-- Webhooks: endpoints admins register, and the queue of deliveries with every attempt, so a
-- delivery survives a restart, is retried with backoff on any node, and the newsroom shows its log.
create table webhook_endpoints (
  id integer generated always as identity primary key,
  url text not null check (char_length(url) between 8 and 2000),
  description text not null default '' check (char_length(description) <= 200),
  -- the HMAC-SHA256 key: kept as is, since every delivery is signed with it
  secret text not null,
  events text[] not null check (events <@ array['article.published', 'article.updated', 'article.unpublished', 'comment.approved']::text[] and cardinality(events) > 0),
  active boolean not null default true,
  created_by integer references accounts(id) on delete set null,
  created_at timestamptz not null default now()
);

create table webhook_deliveries (
  id integer generated always as identity primary key,
  endpoint_id integer not null references webhook_endpoints(id) on delete cascade,
  event text not null,
  payload text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, id desc);

create table webhook_attempts (
  id integer generated always as identity primary key,
  delivery_id integer not null references webhook_deliveries(id) on delete cascade,
  at timestamptz not null,
  status_code integer,
  error text,
  duration_ms integer not null
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);
