import { sql } from 'kysely'
import type { Body } from '../content/blocks.ts'
import type { Queryable } from '../db/types.ts'

/** Whose articles a feed carries. */
export type FeedScope = { kind: 'site' } | { kind: 'section'; sectionIds: number[] } | { kind: 'tag'; tagId: number } | { kind: 'author'; personId: number }

/** A published article with everything a feed entry shows. */
export interface FeedArticle {
  id: number
  sectionId: number
  slug: string
  headline: string
  lead: string
  datelinePlace: string | null
  datelineDateText: string | null
  datelineAgency: string | null
  body: Body
  firstPublishedAt: Date
  publishedAt: Date
  updatedAt: Date | null
  modifiedAt: Date
  authors: string[]
  tags: string[]
  corrections: { text: string; createdAt: Date }[]
}

/** The newest published articles of a scope, with their authors, tags and corrections. */
export async function findFeedArticles(db: Queryable, editionId: number, scope: FeedScope, limit: number): Promise<FeedArticle[]> {
  let q = db
    .selectFrom('articles as a')
    .select([
      'a.id',
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
      'a.modified_at',
    ])
    .where('a.edition_id', '=', editionId)
    .where('a.status', '=', 'published')
  if (scope.kind === 'section') q = q.where('a.section_id', 'in', scope.sectionIds.length ? scope.sectionIds : [-1])
  if (scope.kind === 'tag')
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_tags as t')
          .select(sql`1`.as('x'))
          .whereRef('t.article_id', '=', 'a.id')
          .where('t.tag_id', '=', scope.tagId),
      ),
    )
  if (scope.kind === 'author')
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors as p')
          .select(sql`1`.as('x'))
          .whereRef('p.article_id', '=', 'a.id')
          .where('p.person_id', '=', scope.personId),
      ),
    )
  const rows = await q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [authors, tags, corrections] = await Promise.all([
    db
      .selectFrom('article_authors as aa')
      .innerJoin('people', 'people.id', 'aa.person_id')
      .select(['aa.article_id', 'people.display_name'])
      .where('aa.article_id', 'in', ids)
      .orderBy('aa.position')
      .execute(),
    db
      .selectFrom('article_tags as at')
      .innerJoin('tags', 'tags.id', 'at.tag_id')
      .select(['at.article_id', 'tags.name'])
      .where('at.article_id', 'in', ids)
      .orderBy('at.position')
      .execute(),
    db
      .selectFrom('article_corrections')
      .select(['article_id', 'text', 'created_at'])
      .where('article_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ])
  return rows.map((r) => ({
    id: r.id,
    sectionId: r.section_id,
    slug: r.slug,
    headline: r.headline,
    lead: r.lead,
    datelinePlace: r.dateline_place,
    datelineDateText: r.dateline_date_text,
    datelineAgency: r.dateline_agency,
    body: (r.body ?? []) as Body,
    firstPublishedAt: r.first_published_at!,
    publishedAt: r.published_at!,
    updatedAt: r.updated_at,
    modifiedAt: r.modified_at,
    authors: authors.filter((x) => x.article_id === r.id).map((x) => x.display_name),
    tags: tags.filter((x) => x.article_id === r.id).map((x) => x.name),
    corrections: corrections.filter((x) => x.article_id === r.id).map((x) => ({ text: x.text, createdAt: x.created_at })),
  }))
}
