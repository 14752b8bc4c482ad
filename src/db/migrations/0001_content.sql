-- Content model: editions, sections, people, tags, articles with structured body blocks,
-- related pins, corrections, and the aliases that keep old URLs redirecting.

create table editions (
  id integer generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z]{2}(-[a-z0-9]{2,8})?$'),
  name text not null,
  locale text not null,
  time_zone text not null default 'UTC',
  search_config regconfig not null default 'english',
  created_at timestamptz not null default now()
);

create table sections (
  id integer generated always as identity primary key,
  edition_id integer not null references editions(id),
  parent_id integer references sections(id) on delete restrict,
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  name text not null check (length(name) between 1 and 120),
  description text not null default '',
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id),
  unique nulls not distinct (edition_id, parent_id, slug)
);
create index sections_parent_idx on sections (parent_id, position);

create table people (
  id integer generated always as identity primary key,
  display_name text not null check (length(display_name) between 1 and 120),
  slug text unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  email text unique check (email = lower(email)),
  bio text not null default '',
  created_at timestamptz not null default now()
);

create table tags (
  id integer generated always as identity primary key,
  edition_id integer not null references editions(id),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
  name text not null check (length(name) between 1 and 80),
  unique (edition_id, slug)
);

create table articles (
  id integer generated always as identity primary key,
  edition_id integer not null references editions(id),
  section_id integer not null references sections(id),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
  headline text not null check (length(headline) between 1 and 200),
  headline_needs_review boolean not null default false,
  lead text not null default '' check (length(lead) <= 2000),
  dateline_place text check (length(dateline_place) <= 80),
  dateline_date_text text check (length(dateline_date_text) <= 40),
  dateline_agency text check (length(dateline_agency) <= 80),
  body jsonb not null default '[]'::jsonb check (jsonb_typeof(body) = 'array'),
  status text not null default 'draft'
    check (status in ('draft', 'review', 'scheduled', 'published', 'unpublished')),
  first_published_at timestamptz,
  published_at timestamptz,
  updated_at timestamptz,
  scheduled_for timestamptz,
  -- counters carried over from an import, kept as starting values
  base_comment_count integer not null default 0 check (base_comment_count >= 0),
  base_view_count integer not null default 0 check (base_view_count >= 0),
  -- where an imported article came from, so importing again updates it
  source_key text unique,
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now(),
  unique (section_id, slug),
  check (status <> 'published' or (published_at is not null and first_published_at is not null))
);
create index articles_published_idx on articles (edition_id, published_at desc, id desc) where status = 'published';
create index articles_section_published_idx on articles (section_id, published_at desc, id desc) where status = 'published';
create index articles_headline_lower_idx on articles (lower(headline));

create table article_tags (
  article_id integer not null references articles(id) on delete cascade,
  tag_id integer not null references tags(id) on delete cascade,
  position integer not null default 0,
  primary key (article_id, tag_id)
);
create index article_tags_tag_idx on article_tags (tag_id);

create table article_authors (
  article_id integer not null references articles(id) on delete cascade,
  person_id integer not null references people(id) on delete restrict,
  position integer not null default 0,
  primary key (article_id, person_id)
);
create index article_authors_person_idx on article_authors (person_id);

-- A related pin names another article, or (from imports) only a headline.
create table article_related (
  article_id integer not null references articles(id) on delete cascade,
  position integer not null,
  target_article_id integer references articles(id) on delete set null,
  headline text check (length(headline) <= 200),
  primary key (article_id, position),
  check (target_article_id is not null or headline is not null),
  check (target_article_id is null or target_article_id <> article_id)
);

create table article_corrections (
  id integer generated always as identity primary key,
  article_id integer not null references articles(id) on delete cascade,
  text text not null check (length(text) between 1 and 2000),
  created_at timestamptz not null default now(),
  created_by integer references people(id) on delete set null
);
create index article_corrections_article_idx on article_corrections (article_id, created_at);

-- Old (section, slug) pairs of an article: requests for them 301 to the current URL.
create table article_aliases (
  section_id integer not null references sections(id) on delete cascade,
  slug text not null,
  article_id integer not null references articles(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (section_id, slug)
);

-- Old paths of a section ("world/asia"): requests under them 301 to the current path.
create table section_aliases (
  edition_id integer not null references editions(id),
  path text not null,
  section_id integer not null references sections(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (edition_id, path)
);
