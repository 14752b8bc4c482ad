import { AppError } from '../errors.ts'
import { createArticleStore } from '../content/article-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { Queryable } from '../db/types.ts'
import { articlePath } from '../web/format.ts'

/** An article as moderation pages mention it: headline, and its public path when published. */
export interface ArticleRef {
  id: number
  /** The edition it belongs to (its discussion follows that edition's standards). */
  editionId: number
  headline: string
  path: string | undefined
  firstPublishedAt: Date | null
}

/** Headlines and public paths of several articles. */
export async function findArticleRefs(db: Queryable, ids: number[]): Promise<Map<number, ArticleRef>> {
  const out = new Map<number, ArticleRef>()
  if (ids.length === 0) return out
  const rows = await createArticleStore(db).getRefs(ids)
  const sections = new Map<number, Awaited<ReturnType<ReturnType<typeof createSectionStore>['listSections']>>>()
  for (const editionId of new Set(rows.map((r) => r.editionId))) sections.set(editionId, await createSectionStore(db).listSections(editionId))
  for (const r of rows) {
    const section = sections.get(r.editionId)?.find((s) => s.id === r.sectionId)
    const path =
      r.status === 'published' && r.firstPublishedAt && section ? articlePath(section, { firstPublishedAt: r.firstPublishedAt, slug: r.slug }) : undefined
    out.set(r.id, { id: r.id, editionId: r.editionId, headline: r.headline, path, firstPublishedAt: r.firstPublishedAt })
  }
  return out
}

/** The edition an article belongs to (a discussion follows its edition's community standards). */
export async function editionOfArticle(db: Queryable, articleId: number): Promise<number> {
  const [ref] = await createArticleStore(db).getRefs([articleId])
  if (!ref) throw new AppError('ARTICLE_NOT_FOUND')
  return ref.editionId
}
