-- Editions: one newsroom publishing in several languages and scripts. Each edition has its own
-- home, sections, standards, stations, feeds and search, under a URL prefix (/ru/, /ar/); the
-- default edition keeps the root of the site.

alter table editions add column language text not null default 'en' check (language ~ '^[a-z]{2,3}$');
alter table editions add column region text check (region ~ '^[A-Z]{2}$|^[0-9]{3}$');
alter table editions add column direction text not null default 'ltr' check (direction in ('ltr', 'rtl'));
alter table editions add column numbering_system text not null default 'latn' check (numbering_system ~ '^[a-z]{3,8}$');
-- how the timestamp line reads: 'wire' ("03:38 GMT 05.08.2020", the seed's), 'long' ("5 August 2020, 03:38 GMT"), 'numeric' ("2020-08-05 03:38")
alter table editions add column date_style text not null default 'wire' check (date_style in ('wire', 'long', 'numeric'));
-- slugs in the edition's own script, or transliterated to ASCII
alter table editions add column slug_style text not null default 'unicode' check (slug_style in ('unicode', 'ascii'));
alter table editions add column is_default boolean not null default false;
alter table editions add column position integer not null default 0;
alter table editions add constraint editions_name_length check (length(name) between 1 and 120);
create unique index editions_one_default on editions (is_default) where is_default;

-- Translations: the same story in several editions. A group names its original; each article is in
-- at most one group, and each edition has at most one article per group.
create table translation_groups (
  id integer generated always as identity primary key,
  original_article_id integer not null references articles(id) on delete restrict,
  created_at timestamptz not null default now()
);
alter table articles add column translation_group_id integer references translation_groups(id) on delete set null;
create unique index articles_translation_edition on articles (translation_group_id, edition_id) where translation_group_id is not null;

-- Staff limited to some editions: no rows means every edition.
create table account_editions (
  account_id integer not null references accounts(id) on delete cascade,
  edition_id integer not null references editions(id) on delete cascade,
  primary key (account_id, edition_id)
);

-- Community standards per edition (numbers are per edition; reports cite them in their edition).
alter table community_standards drop constraint community_standards_id_check;
alter table community_standards add column edition_id integer references editions(id);
alter table standards_sections add column edition_id integer references editions(id);
alter table standards_sections drop constraint standards_sections_pkey;
