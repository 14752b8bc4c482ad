import type { Kysely } from 'kysely'
import { createArticleStore } from '../content/article-store.ts'
import { articlePath, sectionPath } from '../content/paths.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { DB } from '../db/schema.ts'
import { redirectKey } from './import-core.ts'

/**
 * The old addresses of imported articles and sections (`/2019/05/04/old-post/`, `/?p=123`,
 * `/category/world/`), answered with a 301 to where they are now. The set of old addresses is held
 * in memory (a lookup per request costs nothing for sites without imports) and reloaded when any
 * node invalidates its caches, as an import does when it ends.
 */
export function createRedirects(db: Kysely<DB>) {
  let keys = new Set<string>()
  let loading: Promise<void> | undefined
  let again = false

  async function load(): Promise<void> {
    const rows = await db.selectFrom('redirects').select('path').execute()
    keys = new Set(rows.map((r) => r.path))
  }

  return {
    /** Reads the old addresses again (coalescing calls that come while a read runs). */
    reload(): Promise<void> {
      if (loading) {
        again = true
        return loading
      }
      loading = load().finally(() => {
        loading = undefined
        if (again) {
          again = false
          void this.reload()
        }
      })
      return loading
    },

    /** The key of a request's URL when it is one of the old addresses, else undefined. */
    match(url: string): string | undefined {
      if (keys.size === 0) return undefined
      const q = url.indexOf('?')
      const key = redirectKey(q === -1 ? url : url.slice(0, q), q === -1 ? '' : url.slice(q))
      return key !== undefined && keys.has(key) ? key : undefined
    },

    /** Where an old address leads now: a published article or a section; undefined when it leads nowhere readers may go. */
    async target(key: string): Promise<string | undefined> {
      const r = await db.selectFrom('redirects').select(['article_id', 'section_id']).where('path', '=', key).executeTakeFirst()
      if (!r) return undefined
      const sections = createSectionStore(db)
      if (r.article_id !== null) {
        const a = await createArticleStore(db).getArticle(r.article_id)
        if (!a || a.status !== 'published' || !a.firstPublishedAt) return undefined
        const section = await sections.getSection(a.sectionId)
        return section && articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.slug })
      }
      const section = r.section_id !== null ? await sections.getSection(r.section_id) : undefined
      return section && sectionPath(section)
    },
  }
}

export type Redirects = ReturnType<typeof createRedirects>
