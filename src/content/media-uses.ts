import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import type { ArticleStatus } from './types.ts'

/** Where a picture is used: in an article's current text, its working copy, or published versions. */
export interface MediaUse {
  articleId: number
  headline: string
  status: ArticleStatus
  /** "article" (what the newsroom edits or readers see now), "working copy", and the published version numbers. */
  inArticle: boolean
  inWorkingCopy: boolean
  versions: number[]
}

/**
 * The articles that show a media-library picture (image blocks name it by mediaId), found with the
 * GIN index on articles.body; working copies and published versions are searched too, since a
 * picture a published version shows must never be deleted.
 */
export async function findMediaUses(db: Queryable, mediaId: number): Promise<MediaUse[]> {
  const probe = JSON.stringify([{ mediaId }])
  const [articles, copies, versions] = await Promise.all([
    sql<{ id: number }>`select id from articles where body @> ${probe}::jsonb`.execute(db),
    sql<{ article_id: number }>`select article_id from article_working_copies where snapshot -> 'body' @> ${probe}::jsonb`.execute(db),
    sql<{
      article_id: number
      number: number
    }>`select article_id, number from article_versions where record -> 'body' @> ${probe}::jsonb order by number`.execute(db),
  ])
  const ids = [...new Set([...articles.rows.map((r) => r.id), ...copies.rows.map((r) => r.article_id), ...versions.rows.map((r) => r.article_id)])]
  if (ids.length === 0) return []
  const rows = await db.selectFrom('articles').select(['id', 'headline', 'status']).where('id', 'in', ids).orderBy('id', 'desc').execute()
  return rows.map((r) => ({
    articleId: r.id,
    headline: r.headline,
    status: r.status,
    inArticle: articles.rows.some((x) => x.id === r.id),
    inWorkingCopy: copies.rows.some((x) => x.article_id === r.id),
    versions: versions.rows.filter((x) => x.article_id === r.id).map((x) => x.number),
  }))
}

/** The ids of the articles whose live text shows any of these pictures (their pages change with them). */
export async function articlesShowingMedia(db: Queryable, mediaIds: number[]): Promise<number[]> {
  if (mediaIds.length === 0) return []
  const probes = mediaIds.map((id) => JSON.stringify([{ mediaId: id }]))
  const r = await sql<{ id: number }>`select id from articles where ${sql.join(
    probes.map((p) => sql`body @> ${p}::jsonb`),
    sql` or `,
  )}`.execute(db)
  return r.rows.map((x) => x.id)
}
