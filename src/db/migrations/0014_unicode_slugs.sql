-- Slugs in any script: Cyrillic, Greek, Arabic, Chinese... headlines and tags keep their letters
-- (the application enforces letters, marks and digits joined by single hyphens; the database
-- refuses what could break a URL: spaces, ASCII punctuation, capitals, control characters).
create function is_slug(s text, max_length integer) returns boolean language sql immutable as $$
  select s <> ''
    and char_length(s) <= max_length
    and s is nfc normalized
    and s !~ '[[:space:]]'
    and s !~ '(^-|-$|--)'
    and s !~ '[!-,./:-@[-`{-~]'
    and s !~ '[A-Z]'
    and s !~ '[\x01-\x1f\x7f]'
$$;

alter table sections drop constraint sections_slug_check;
alter table sections add constraint sections_slug_check check (is_slug(slug, 80));
alter table people drop constraint people_slug_check;
alter table people add constraint people_slug_check check (is_slug(slug, 120));
alter table tags drop constraint tags_slug_check;
alter table tags add constraint tags_slug_check check (is_slug(slug, 80));
alter table articles drop constraint articles_slug_check;
alter table articles add constraint articles_slug_check check (is_slug(slug, 120));
alter table stations drop constraint stations_slug_check;
alter table stations add constraint stations_slug_check check (is_slug(slug, 80));
