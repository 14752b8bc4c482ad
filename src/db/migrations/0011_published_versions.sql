-- The published record. Once an article is published, edits go to its working copy; readers keep
-- seeing the article row (the live version) until an editor updates it. Every publication, update
-- and correction appends an immutable, hash-chained version: exactly what readers were shown.

create table article_working_copies (
  article_id integer primary key references articles(id) on delete cascade,
  -- what the editor edits: headline, lead, slug, sectionId, dateline, body, tags, authorIds, related
  snapshot jsonb not null check (jsonb_typeof(snapshot) = 'object'),
  -- the live version it was started from
  base_version integer not null,
  -- editing, or proposed by a reporter and waiting for an editor
  state text not null default 'editing' check (state in ('editing', 'review')),
  -- an update scheduled to go live by itself, with its change note
  scheduled_for timestamptz,
  scheduled_note text check (length(scheduled_note) <= 300),
  scheduled_by integer references accounts(id) on delete set null,
  -- optimistic locking: saves name the version they started from
  version integer not null,
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now(),
  modified_by integer references accounts(id) on delete set null
);
create index article_working_copies_scheduled_idx on article_working_copies (scheduled_for) where scheduled_for is not null;
create index article_working_copies_review_idx on article_working_copies (modified_at) where state = 'review';

create table article_versions (
  id integer generated always as identity primary key,
  article_id integer not null references articles(id) on delete restrict,
  number integer not null check (number >= 1),
  kind text not null check (kind in ('publish', 'republish', 'update', 'correction', 'import', 'migration')),
  published_at timestamptz not null,
  published_by integer references accounts(id) on delete set null,
  note text not null default '' check (length(note) <= 300),
  -- the whole version as hashed: article, number, kind, time, who, note, content, previous hash
  record jsonb not null check (jsonb_typeof(record) = 'object'),
  -- sha256 of record::text (jsonb's own normal form), hex
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  -- the content_hash of version number - 1 (null for the first)
  previous_hash text check (previous_hash ~ '^[0-9a-f]{64}$'),
  unique (article_id, number),
  check ((number = 1) = (previous_hash is null))
);
create index article_versions_published_idx on article_versions (published_at desc);

-- Versions are never changed or removed: the record readers can check.
create function article_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'published versions are immutable (article %, version %)', old.article_id, old.number;
end $$;
create trigger article_versions_immutable before update or delete on article_versions
  for each row execute function article_versions_immutable();

-- Which version a correction was made to (the one readers were shown when it was corrected).
alter table article_corrections add column corrects_version integer;

-- What readers are shown of an article now, from the live tables: the content of a version.
create function article_live_content(p_article integer) returns jsonb language sql stable as $$
  select jsonb_build_object(
    'headline', a.headline,
    'lead', a.lead,
    'dateline', case when a.dateline_place is null then null else jsonb_build_object(
      'place', a.dateline_place, 'dateText', a.dateline_date_text, 'agency', a.dateline_agency) end,
    'body', a.body,
    'section', jsonb_build_object('id', s.id, 'name', s.name),
    'slug', a.slug,
    'firstPublishedAt', to_char(a.first_published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'tags', coalesce((select jsonb_agg(t.name order by at.position, t.id)
      from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '[]'::jsonb),
    'bylines', coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'name', p.display_name) order by aa.position, p.id)
      from article_authors aa join people p on p.id = aa.person_id where aa.article_id = a.id), '[]'::jsonb),
    'related', coalesce((select jsonb_agg(jsonb_build_object('articleId', r.target_article_id, 'headline', coalesce(t.headline, r.headline)) order by r.position)
      from article_related r left join articles t on t.id = r.target_article_id where r.article_id = a.id), '[]'::jsonb),
    'corrections', coalesce((select jsonb_agg(jsonb_build_object(
        'at', to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'text', c.text, 'correctsVersion', c.corrects_version)
        order by c.created_at, c.id)
      from article_corrections c where c.article_id = a.id), '[]'::jsonb)
  )
  from articles a join sections s on s.id = a.section_id
  where a.id = p_article
$$;

-- Appends the next version of an article from its live state, chained to the previous one.
-- Callers hold the article's row lock (FOR UPDATE) so two versions never take the same number.
create function append_article_version(p_article integer, p_kind text, p_at timestamptz, p_by integer, p_note text)
returns article_versions language plpgsql as $$
declare
  prev article_versions;
  rec jsonb;
  who jsonb;
  result article_versions;
begin
  perform 1 from articles where id = p_article for update;
  select * into prev from article_versions where article_id = p_article order by number desc limit 1;
  select case when p_by is null then null else jsonb_build_object('id', ac.id, 'name', ac.display_name) end
    into who from (select p_by as id) x left join accounts ac on ac.id = x.id;
  rec := jsonb_build_object(
    'article', p_article,
    'number', coalesce(prev.number, 0) + 1,
    'kind', p_kind,
    'publishedAt', to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'publishedBy', who,
    'note', coalesce(p_note, ''),
    'content', article_live_content(p_article),
    'previousHash', prev.content_hash
  );
  insert into article_versions (article_id, number, kind, published_at, published_by, note, record, content_hash, previous_hash)
  values (p_article, coalesce(prev.number, 0) + 1, p_kind, p_at, p_by, coalesce(p_note, ''), rec,
          encode(sha256(convert_to(rec::text, 'UTF8')), 'hex'), prev.content_hash)
  returning * into result;
  return result;
end $$;

-- Autosaves are never folded into one across a publication or an update: those leave a revision.
alter table article_revisions drop constraint article_revisions_kind_check;
alter table article_revisions add constraint article_revisions_kind_check
  check (kind in ('save', 'autosave', 'restore', 'import', 'publish', 'update', 'discard'));
-- and say which copy they were made to
alter table article_revisions add column copy text not null default 'article' check (copy in ('article', 'working'));
