import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'

/** How many candidates each source (shared tags, similar text, same section) may offer. */
const CANDIDATES_PER_SOURCE = 200
/** A tag on more articles than this scores other candidates but does not nominate any itself. */
const NOMINATING_TAG_LIMIT = 5000
/** Below this, an automatic match is more noise than relation. */
export const MIN_RELATED_SCORE = 0.25

export interface RelatedSubject {
  id: number
  editionId: number
  sectionId: number
  publishedAt: Date
  headline: string
  /** The edition's text-search configuration. */
  searchConfig: string
  /** Tag names, added to the text query: they name the story. */
  tagNames: string[]
  /** The subject's section family (parent and siblings' section ids) for a smaller bonus. */
  familySectionIds: number[]
}

export interface RelatedScore {
  id: number
  score: number
}

/** "word or word or ..." for websearch_to_tsquery, from our own headline and tags (never reader input). */
export function similarityQueryText(headline: string, tagNames: string[]): string {
  const words = [...headline.split(/[^\p{L}\p{N}]+/u), ...tagNames.flatMap((t) => t.split(/[^\p{L}\p{N}]+/u))]
  const unique = [...new Set(words.filter((w) => w.length > 1).map((w) => w.toLowerCase()))].slice(0, 24)
  return unique.join(' or ')
}

/**
 * Automatic related articles, best first. Candidates come from three cheap, indexed sources:
 * articles sharing a tag, articles matching the headline's words (the search index), and the
 * newest of the same section. Each is then scored:
 *   2 × Σ over shared tags of 1/√(articles with that tag)   (rare shared tags say "same story")
 * + 3 × text rank against the subject's headline and tags    (0..1)
 * + 1 for the same section, ½ for a neighbouring one
 * and the sum is weighed by closeness in time (full weight within weeks, 60 % years apart).
 * Never the subject itself; only published articles of the same edition.
 */
export async function findAutomaticRelated(db: Queryable, s: RelatedSubject, limit: number): Promise<RelatedScore[]> {
  const text = similarityQueryText(s.headline, s.tagNames)
  const tsq = sql`websearch_to_tsquery(${s.searchConfig}::regconfig, ${text})`
  const family = s.familySectionIds.length ? s.familySectionIds : [-1]
  const r = await sql<{ id: number; score: number }>`
    with my_tags as (
      select t.tag_id, 1 / sqrt(count(*)) as weight, count(*) as df
      from article_tags t
      where t.tag_id in (select tag_id from article_tags where article_id = ${s.id})
      group by t.tag_id
    ),
    candidates as (
      (select at.article_id as id from article_tags at join my_tags m on m.tag_id = at.tag_id and m.df <= ${NOMINATING_TAG_LIMIT}
        where at.article_id <> ${s.id} group by at.article_id order by sum(m.weight) desc limit ${CANDIDATES_PER_SOURCE})
      union
      (select a.id from articles a
        where a.status = 'published' and a.edition_id = ${s.editionId} and a.id <> ${s.id} and a.search_vector @@ ${tsq}
        order by a.published_at desc limit ${CANDIDATES_PER_SOURCE})
      union
      (select a.id from articles a
        where a.status = 'published' and a.section_id = ${s.sectionId} and a.id <> ${s.id}
        order by a.published_at desc limit 20)
    ),
    scored as (
      select a.id, a.published_at,
        (2 * coalesce((select sum(m.weight) from article_tags at join my_tags m on m.tag_id = at.tag_id where at.article_id = a.id), 0)
         + 3 * ts_rank(a.search_vector, ${tsq}, 32)
         + case when a.section_id = ${s.sectionId} then 1 when a.section_id in (${sql.join(family)}) then 0.5 else 0 end)
        * (0.6 + 0.4 / (1 + abs(extract(epoch from (a.published_at - ${s.publishedAt}::timestamptz))) / 2592000.0)) as score
      from candidates c join articles a on a.id = c.id
      where a.status = 'published' and a.edition_id = ${s.editionId} and a.id <> ${s.id}
    )
    select id, score from scored where score >= ${MIN_RELATED_SCORE}
    order by score desc, published_at desc, id desc
    limit ${limit}`.execute(db)
  return r.rows.map((row) => ({ id: row.id, score: Number(row.score) }))
}
