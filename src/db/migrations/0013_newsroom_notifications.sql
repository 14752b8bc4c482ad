-- The newsroom tells people what happened to stories: submitted for review (editors), returned or
-- published (the reporter), changes proposed to a published story (editors).
create table newsroom_notifications (
  id integer generated always as identity primary key,
  account_id integer not null references accounts(id) on delete cascade,
  kind text not null check (kind in ('submitted', 'returned', 'published', 'changes-submitted', 'changes-returned', 'updated')),
  article_id integer not null references articles(id) on delete cascade,
  actor_id integer references accounts(id) on delete set null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index newsroom_notifications_unread_idx on newsroom_notifications (account_id, created_at desc) where read_at is null;
create index newsroom_notifications_account_idx on newsroom_notifications (account_id, created_at desc);
