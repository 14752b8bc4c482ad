-- Account recovery and mail (issue 14): verified e-mail, one-time passwords that must be changed,
-- new-device notices, TOTP two-factor with recovery codes, single-use mailed tokens, the mail queue.

alter table accounts
  add column email_verified_at timestamptz,
  -- set on accounts made with a one-time password (the first admin, made by an admin, imported):
  -- the first sign-in must choose a new password before anything else
  add column must_change_password boolean not null default false,
  -- mail the account when it signs in from a browser it has not used before
  add column notify_new_device boolean not null default true,
  -- RFC 6238 shared secret (base32), set once two-factor is confirmed with a code
  add column totp_secret text,
  -- a secret being set up, not yet confirmed
  add column totp_pending_secret text,
  add column totp_enabled_at timestamptz,
  -- the last 30-second step a code was accepted for: a code works once
  add column totp_last_step bigint;

-- Single-use tokens sent by mail (verify an address, reset a password) and the short-lived
-- second-factor challenge between password and code. Only the sha-256 of a token is kept.
create table account_tokens (
  id_hash text primary key,
  account_id integer not null references accounts(id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password', 'second_factor')),
  -- the address a verification was sent to: a changed address is not verified by an old link
  email text not null default '',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  -- wrong codes given against a second-factor challenge
  failures integer not null default 0
);
create index account_tokens_account_idx on account_tokens (account_id, purpose);
create index account_tokens_expires_idx on account_tokens (expires_at);

create table recovery_codes (
  id integer generated always as identity primary key,
  account_id integer not null references accounts(id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index recovery_codes_account_idx on recovery_codes (account_id);

-- Known devices (made by 0020 for sign-in throttling) also decide new-device notices: a sign-in
-- without a valid known-device token is a new device. Keep the browser it was, for the notice and the audit.
alter table known_devices add column user_agent text not null default '';

-- Outgoing mail: queued in the database so it survives a restart, sent by any node (SKIP LOCKED),
-- retried with backoff; the rows are the mail log admins read (bodies are never shown: they hold links).
create table mail_queue (
  id bigint generated always as identity primary key,
  kind text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'not_sent')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index mail_queue_due_idx on mail_queue (next_attempt_at) where status = 'queued';
create index mail_queue_created_idx on mail_queue (created_at desc);
