-- Every article readers can see today gets its current state as its first published version.
select append_article_version(a.id, 'migration', coalesce(a.updated_at, a.published_at, now()), null,
  'The article as it stood when Dateline began keeping published versions')
from articles a
where a.status = 'published'
order by a.id;
