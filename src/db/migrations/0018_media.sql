-- Pictures: the photo desk's library. A media row describes one picture (its current original,
-- what the desk knows about it, where to crop it); the original's bytes are content-addressed by
-- their sha256 and kept in the database (media_blobs, 1 MiB parts, so every node reads them with
-- nothing else to run) or in a file store named by `store`. Derivatives are never stored here:
-- each node makes them on first request and keeps them in a bounded disk cache.

create table media (
  id integer generated always as identity primary key,
  -- the current original: replacing the file changes these, never the id
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  store text not null default 'database' check (store in ('database', 'disk', 's3')),
  mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif', 'image/tiff')),
  bytes integer not null check (bytes > 0),
  -- as shown (EXIF orientation applied)
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  filename text not null default '' check (length(filename) <= 200),
  alt text not null default '' check (length(alt) <= 300),
  caption text not null default '' check (length(caption) <= 500),
  credit text not null default '' check (length(credit) <= 200),
  copyright text not null default '' check (length(copyright) <= 200),
  -- where crops centre, as fractions of width and height
  focal_x real not null default 0.5 check (focal_x between 0 and 1),
  focal_y real not null default 0.5 check (focal_y between 0 and 1),
  -- a tiny blurred preview (data: URI) shown while the picture loads
  placeholder text not null default '' check (length(placeholder) <= 2000),
  -- after this moment public pages stop showing the picture; the desk is warned before
  licence_expires_at timestamptz,
  -- what the upload's metadata said about where and with what it was taken: never served, noted for the desk
  stripped text[] not null default '{}',
  uploaded_by integer references accounts(id) on delete set null,
  uploaded_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  replaced_at timestamptz
);
create index media_uploaded_idx on media (uploaded_at desc, id desc);
create index media_licence_idx on media (licence_expires_at) where licence_expires_at is not null;

-- Originals kept in the database, split in parts (PostgreSQL and PGlite handle 1 MiB values well).
create table media_blobs (
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  part integer not null check (part >= 0),
  bytes bytea not null,
  primary key (sha256, part)
);

-- "Where is this picture used": image blocks name their picture by mediaId inside articles.body.
create index articles_body_media_idx on articles using gin (body jsonb_path_ops);
