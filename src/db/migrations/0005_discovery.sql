-- Discovery: full-text search over articles. Each article carries its edition's text-search
-- configuration (kept in step by triggers) so that a STORED generated tsvector can use it, and a
-- GIN index over published articles serves /search.

alter table articles add column search_config regconfig not null default 'english';
update articles a set search_config = e.search_config from editions e where e.id = a.edition_id;

create function articles_take_search_config() returns trigger language plpgsql as $$
begin
  select e.search_config into new.search_config from editions e where e.id = new.edition_id;
  return new;
end
$$;
create trigger articles_take_search_config before insert or update of edition_id on articles
  for each row execute function articles_take_search_config();

create function editions_pass_search_config() returns trigger language plpgsql as $$
begin
  update articles set search_config = new.search_config where edition_id = new.id;
  return null;
end
$$;
create trigger editions_pass_search_config after update of search_config on editions
  for each row when (old.search_config is distinct from new.search_config)
  execute function editions_pass_search_config();

-- Headline weighs most, then the lead, then dateline place and quoted speakers, then the body
-- text (every "text" of the block tree, and image captions).
alter table articles add column search_vector tsvector generated always as (
  setweight(to_tsvector(search_config, headline), 'A') ||
  setweight(to_tsvector(search_config, lead), 'B') ||
  setweight(to_tsvector(search_config, coalesce(dateline_place, '')) ||
            to_tsvector(search_config, jsonb_path_query_array(body, 'strict $.**.speaker')), 'C') ||
  setweight(to_tsvector(search_config, jsonb_path_query_array(body, 'strict $.**.text')) ||
            to_tsvector(search_config, jsonb_path_query_array(body, 'strict $.**.caption')), 'D')
) stored;

create index articles_search_idx on articles using gin (search_vector) where status = 'published';
