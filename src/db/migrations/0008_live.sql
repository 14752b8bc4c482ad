-- Live radio: an edition's stations, their stream URLs and their weekly programme schedule.
-- Schedule times are wall-clock times in the station's IANA time zone; turning them into
-- instants (across midnight and daylight-saving changes) happens in code, not here.

create table stations (
  id integer generated always as identity primary key,
  edition_id integer not null references editions(id),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  name text not null check (length(name) between 1 and 120),
  description text not null default '' check (length(description) <= 2000),
  time_zone text not null check (length(time_zone) between 1 and 64),
  -- Icecast status-json.xsl; read by the server only, never shown to readers
  status_url text check (length(status_url) <= 2000),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (edition_id, slug)
);
create index stations_edition_idx on stations (edition_id, position, id);

create table station_streams (
  station_id integer not null references stations(id) on delete cascade,
  position integer not null,
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  format text not null check (format in ('mp3', 'aac', 'ogg', 'hls')),
  primary key (station_id, position)
);

create table station_programmes (
  id integer generated always as identity primary key,
  station_id integer not null references stations(id) on delete cascade,
  show text not null check (length(show) between 1 and 120),
  host text not null default '' check (length(host) <= 120),
  description text not null default '' check (length(description) <= 1000),
  -- ISO weekdays (1 = Monday) and minutes after local midnight
  start_day smallint not null check (start_day between 1 and 7),
  start_minute smallint not null check (start_minute between 0 and 1439),
  end_day smallint not null check (end_day between 1 and 7),
  end_minute smallint not null check (end_minute between 0 and 1439)
);
create index station_programmes_station_idx on station_programmes (station_id, start_day, start_minute);
