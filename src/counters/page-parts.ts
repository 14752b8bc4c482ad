import type { Kysely } from 'kysely'
import { createArticleStore } from '../content/article-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { DB } from '../db/schema.ts'
import type { PageParts } from '../site/page-parts.ts'
import { articleCard, type ArticleCard } from '../site/view-models.ts'
import type { CounterService } from './counter-service.ts'
import { mostReadMarkup } from './templates.ts'

const MOST_READ = 5

/** "Most read" on the home page (whole edition), article pages, and section pages (that section). */
export function mostReadParts(deps: { db: Kysely<DB>; counters: CounterService }): Required<Pick<PageParts, 'homeAside' | 'articleAside' | 'sectionAside'>> {
  const { db, counters } = deps

  async function cards(editionId: number, sectionIds?: number[]): Promise<ArticleCard[]> {
    const top = await counters.mostRead({ editionId, ...(sectionIds ? { sectionIds } : {}), limit: MOST_READ })
    if (top.length === 0) return []
    const [summaries, sections] = await Promise.all([
      createArticleStore(db).getSummaries(top.map((t) => t.articleId)),
      createSectionStore(db).listSections(editionId),
    ])
    const byId = new Map(sections.map((s) => [s.id, s]))
    return top
      .map((t) => summaries.find((s) => s.id === t.articleId))
      .map((s) => s && articleCard(s, byId))
      .filter((c) => c !== undefined)
  }

  return {
    async homeAside({ editionId }) {
      return mostReadMarkup('Most read', await cards(editionId), { id: 'most-read-h', scope: 'edition' })
    },
    async articleAside({ editionId }) {
      return mostReadMarkup('Most read', await cards(editionId), { id: 'most-read-h', scope: 'edition' })
    },
    async sectionAside({ editionId, sectionIds, sectionName }) {
      return mostReadMarkup(`Most read in ${sectionName}`, await cards(editionId, sectionIds), { id: 'most-read-h', scope: 'section' })
    },
  }
}
