-- Accounts (staff and readers on one session machinery), sessions, API tokens and the audit log.

create table accounts (
  id integer generated always as identity primary key,
  kind text not null check (kind in ('staff', 'reader')),
  email text not null unique check (email = lower(email) and length(email) between 3 and 254),
  display_name text not null check (length(display_name) between 1 and 80),
  password_hash text not null,
  -- staff only: one role; readers have none
  role text check (role in ('admin', 'editor', 'reporter', 'moderator')),
  -- the byline this staff member writes under
  person_id integer references people(id) on delete set null,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  check ((kind = 'staff') = (role is not null))
);

create table sessions (
  -- sha-256 of the token in the cookie; the token itself is never stored
  id_hash text primary key,
  account_id integer not null references accounts(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text not null default ''
);
create index sessions_account_idx on sessions (account_id);
create index sessions_expires_idx on sessions (expires_at);

create table api_tokens (
  id integer generated always as identity primary key,
  account_id integer not null references accounts(id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  token_hash text not null unique,
  -- first characters of the token, so people can tell their tokens apart
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_account_idx on api_tokens (account_id);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id integer references accounts(id) on delete set null,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_subject_idx on audit_log (subject_type, subject_id, at desc);
create index audit_log_at_idx on audit_log (at desc);
