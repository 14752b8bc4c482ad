-- Thai, Lao, Myanmar and Khmer are written without spaces between words too: "โคมลอย" (floating
-- lanterns) sits inside "เชียงใหม่จัดเทศกาลโคมลอยยี่เป็ง" as one parser token and was never found.
-- Their runs are indexed as character pairs like Chinese, Japanese and Korean (0019); the column is
-- made again so every stored article gets the pairs (search-store.ts makes the same pairs of a query).

create or replace function cjk_grams(t text) returns text language plpgsql immutable strict parallel safe as $$
declare
  result text := '';
  ch text;
  prev text := null;
  i int;
begin
  if t !~ '[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]' then
    return '';
  end if;
  for i in 1..length(t) loop
    ch := substr(t, i, 1);
    if ch ~ '[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]' then
      if prev is not null then
        result := result || prev || ch || ' ';
      end if;
      prev := ch;
    elsif prev is not null then
      result := result || prev || ' ';
      prev := null;
    end if;
  end loop;
  if prev is not null then
    result := result || prev;
  end if;
  return result;
end
$$;

drop index articles_search_idx;
alter table articles drop column search_vector;
alter table articles add column search_vector tsvector generated always as (
  setweight(to_tsvector(search_config, headline), 'A') ||
  setweight(to_tsvector('simple', cjk_grams(headline)), 'A') ||
  setweight(to_tsvector(search_config, lead), 'B') ||
  setweight(to_tsvector('simple', cjk_grams(lead)), 'B') ||
  setweight(to_tsvector(search_config, coalesce(dateline_place, '')) ||
            to_tsvector(search_config, jsonb_path_query_array(body, 'strict $.**.speaker')), 'C') ||
  setweight(to_tsvector(search_config, jsonb_path_query_array(body, 'strict $.**.text')) ||
            to_tsvector(search_config, jsonb_path_query_array(body, 'strict $.**.caption')) ||
            to_tsvector('simple', cjk_grams(jsonb_path_query_array(body, 'strict $.**.text')::text)), 'D')
) stored;
create index articles_search_idx on articles using gin (search_vector) where status = 'published';
