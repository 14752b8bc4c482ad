import { createSectionStore } from '../content/section-store.ts'
import type { Queryable } from '../db/types.ts'
import { articlePath } from '../site/format.ts'

/** An article as moderation pages mention it: headline, and its public path when published. */
export interface ArticleRef {
  id: number
  headline: string
  path: string | undefined
  firstPublishedAt: Date | null
}

/** Headlines and public paths of several articles. */
export async function findArticleRefs(db: Queryable, ids: number[]): Promise<Map<number, ArticleRef>> {
  const out = new Map<number, ArticleRef>()
  if (ids.length === 0) return out
  const rows = await db.selectFrom('articles').select(['id', 'edition_id', 'section_id', 'slug', 'headline', 'status', 'first_published_at']).where('id', 'in', [...new Set(ids)]).execute()
  const sections = new Map<number, Awaited<ReturnType<ReturnType<typeof createSectionStore>['listSections']>>>()
  for (const editionId of new Set(rows.map((r) => r.edition_id))) sections.set(editionId, await createSectionStore(db).listSections(editionId))
  for (const r of rows) {
    const section = sections.get(r.edition_id)?.find((s) => s.id === r.section_id)
    const path = r.status === 'published' && r.first_published_at && section ? articlePath(section, { firstPublishedAt: r.first_published_at, slug: r.slug }) : undefined
    out.set(r.id, { id: r.id, headline: r.headline, path, firstPublishedAt: r.first_published_at })
  }
  return out
}
