import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import type { Body } from './blocks.ts'
import type { PublishedCursor } from './article-store.ts'

/** A published article's own fields, as public APIs show them. */
export interface PublishedArticleRow {
  id: number
  editionId: number
  sectionId: number
  slug: string
  headline: string
  lead: string
  dateline: { place: string; dateText: string | null; agency: string | null } | null
  body: Body
  firstPublishedAt: Date
  publishedAt: Date
  updatedAt: Date | null
}

export interface ArticleExtras {
  tags: { slug: string; name: string }[]
  authors: { id: number; slug: string | null; name: string }[]
  corrections: { at: Date; text: string }[]
}

/** Published articles, newest first, for public APIs: filtered by edition, sections, tag and author, after a keyset cursor. */
export async function findPublishedArticles(
  db: Queryable,
  q: { editionId?: number; sectionIds?: number[]; tagSlug?: string; authorSlug?: string; ids?: number[]; before?: PublishedCursor; limit: number },
): Promise<PublishedArticleRow[]> {
  let query = db
    .selectFrom('articles as a')
    .select([
      'a.id',
      'a.edition_id',
      'a.section_id',
      'a.slug',
      'a.headline',
      'a.lead',
      'a.dateline_place',
      'a.dateline_date_text',
      'a.dateline_agency',
      'a.body',
      'a.first_published_at',
      'a.published_at',
      'a.updated_at',
    ])
    .where('a.status', '=', 'published')
  if (q.editionId !== undefined) query = query.where('a.edition_id', '=', q.editionId)
  if (q.sectionIds) query = query.where('a.section_id', 'in', q.sectionIds.length ? q.sectionIds : [-1])
  if (q.ids) query = query.where('a.id', 'in', q.ids.length ? q.ids : [-1])
  if (q.tagSlug !== undefined) {
    const slug = q.tagSlug
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_tags as at')
          .innerJoin('tags as t', 't.id', 'at.tag_id')
          .select('at.tag_id')
          .whereRef('at.article_id', '=', 'a.id')
          .where('t.slug', '=', slug),
      ),
    )
  }
  if (q.authorSlug !== undefined) {
    const slug = q.authorSlug
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors as aa')
          .innerJoin('people as p', 'p.id', 'aa.person_id')
          .select('aa.person_id')
          .whereRef('aa.article_id', '=', 'a.id')
          .where('p.slug', '=', slug),
      ),
    )
  }
  if (q.before) {
    const { publishedAt, id } = q.before
    query = query.where((eb) => eb.or([eb('a.published_at', '<', publishedAt), eb.and([eb('a.published_at', '=', publishedAt), eb('a.id', '<', id)])]))
  }
  const rows = await query.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(q.limit).execute()
  return rows.map((r) => ({
    id: r.id,
    editionId: r.edition_id,
    sectionId: r.section_id,
    slug: r.slug,
    headline: r.headline,
    lead: r.lead,
    dateline: r.dateline_place ? { place: r.dateline_place, dateText: r.dateline_date_text, agency: r.dateline_agency } : null,
    body: (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as Body,
    firstPublishedAt: r.first_published_at!,
    publishedAt: r.published_at!,
    updatedAt: r.updated_at,
  }))
}

/** Tags, bylines and corrections of several articles at once. */
export async function findArticleExtras(db: Queryable, ids: number[]): Promise<Map<number, ArticleExtras>> {
  const out = new Map<number, ArticleExtras>(ids.map((id) => [id, { tags: [], authors: [], corrections: [] }]))
  if (ids.length === 0) return out
  const [tags, authors, corrections] = await Promise.all([
    db
      .selectFrom('article_tags as at')
      .innerJoin('tags as t', 't.id', 'at.tag_id')
      .select(['at.article_id', 't.slug', 't.name'])
      .where('at.article_id', 'in', ids)
      .orderBy('at.article_id')
      .orderBy('at.position')
      .execute(),
    db
      .selectFrom('article_authors as aa')
      .innerJoin('people as p', 'p.id', 'aa.person_id')
      .select(['aa.article_id', 'p.id', 'p.slug', 'p.display_name'])
      .where('aa.article_id', 'in', ids)
      .orderBy('aa.article_id')
      .orderBy('aa.position')
      .execute(),
    db
      .selectFrom('article_corrections')
      .select(['article_id', 'created_at', 'text'])
      .where('article_id', 'in', ids)
      .orderBy('article_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ])
  for (const t of tags) out.get(t.article_id)!.tags.push({ slug: t.slug, name: t.name })
  for (const a of authors) out.get(a.article_id)!.authors.push({ id: a.id, slug: a.slug, name: a.display_name })
  for (const c of corrections) out.get(c.article_id)!.corrections.push({ at: c.created_at, text: c.text })
  return out
}

/** A collator for names in a language's alphabetical order ("Émile" beside "Emma", "ё" beside "е"). */
function collator(locale: string): Intl.Collator {
  try {
    return new Intl.Collator(locale, { sensitivity: 'variant', numeric: true })
  } catch {
    return new Intl.Collator('en', { sensitivity: 'variant', numeric: true })
  }
}

/** An edition's tags that label at least one published article, with how many: most used first, then in the edition's alphabetical order. */
export async function findPublishedTags(db: Queryable, editionId: number, locale: string): Promise<{ slug: string; name: string; articles: number }[]> {
  const r = await sql<{ slug: string; name: string; n: number }>`
    select t.slug, t.name, count(*)::int as n
    from tags t join article_tags at on at.tag_id = t.id join articles a on a.id = at.article_id
    where t.edition_id = ${editionId} and a.status = 'published'
    group by t.id, t.slug, t.name
    order by n desc`.execute(db)
  const c = collator(locale)
  return r.rows.map((x) => ({ slug: x.slug, name: x.name, articles: Number(x.n) })).sort((a, b) => b.articles - a.articles || c.compare(a.name, b.name))
}

/** People with a byline on a published article, with how many, in the alphabetical order of `locale`. */
export async function findPublishedAuthors(
  db: Queryable,
  locale: string,
): Promise<{ id: number; slug: string | null; name: string; bio: string; articles: number }[]> {
  const r = await sql<{ id: number; slug: string | null; display_name: string; bio: string; n: number }>`
    select p.id, p.slug, p.display_name, p.bio, count(*)::int as n
    from people p join article_authors aa on aa.person_id = p.id join articles a on a.id = aa.article_id
    where a.status = 'published'
    group by p.id
    order by p.id`.execute(db)
  const c = collator(locale)
  return r.rows
    .map((x) => ({ id: x.id, slug: x.slug, name: x.display_name, bio: x.bio, articles: Number(x.n) }))
    .sort((a, b) => c.compare(a.name, b.name) || a.id - b.id)
}
