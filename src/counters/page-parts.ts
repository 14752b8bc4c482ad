import type { Kysely } from 'kysely'
import { createArticleStore } from '../content/article-store.ts'
import type { EditionContext } from '../content/edition-context.ts'
import type { DB } from '../db/schema.ts'
import type { PageParts } from '../web/page-parts.ts'
import type { Picture, PictureLookup } from '../web/picture.ts'
import { articleCard, leadMediaIds, type ArticleCard } from '../web/view-models.ts'
import { translatorFor } from '../web/i18n.ts'
import type { CounterService } from './counter-service.ts'
import { mostReadMarkup } from './templates.ts'

const MOST_READ = 5

/** "Most read" on the home page (whole edition), article pages, and section pages (that section). */
export function mostReadParts(deps: {
  db: Kysely<DB>
  counters: CounterService
  /** The media library (absent: the list shows no pictures). */
  media?: () => PictureLookup | undefined
}): Required<Pick<PageParts, 'homeAside' | 'articleAside' | 'sectionAside'>> {
  const { db, counters } = deps

  /** The most read articles, `except` the one being read (one more is asked for, so the list stays full). */
  async function cards(edition: EditionContext, o: { sectionIds?: number[]; except?: number } = {}): Promise<ArticleCard[]> {
    const { sectionIds, except } = o
    const read = await counters.mostRead({
      editionId: edition.edition.id,
      ...(sectionIds ? { sectionIds } : {}),
      limit: MOST_READ + (except !== undefined ? 1 : 0),
    })
    const top = read.filter((t) => t.articleId !== except).slice(0, MOST_READ)
    if (top.length === 0) return []
    const summaries = await createArticleStore(db).getSummaries(top.map((t) => t.articleId))
    const { byId } = edition
    const ids = leadMediaIds(summaries)
    const pictures = ids.length ? ((await deps.media?.()?.pictures(ids)) ?? new Map<number, Picture>()) : undefined
    return top
      .map((t) => summaries.find((s) => s.id === t.articleId))
      .map((s) => s && articleCard(s, byId, pictures, translatorFor(edition.edition)))
      .filter((c) => c !== undefined)
  }

  return {
    async homeAside({ edition }) {
      return mostReadMarkup(translatorFor(edition.edition).t('mostRead.title'), await cards(edition), { id: 'most-read-h', scope: 'edition' })
    },
    async articleAside({ edition, articleId }) {
      // never the article the reader is reading
      return mostReadMarkup(translatorFor(edition.edition).t('mostRead.title'), await cards(edition, { except: articleId }), {
        id: 'most-read-h',
        scope: 'edition',
      })
    },
    async sectionAside({ edition, sectionIds, sectionName }) {
      return mostReadMarkup(translatorFor(edition.edition).t('mostRead.inSection', { section: sectionName }), await cards(edition, { sectionIds }), {
        id: 'most-read-h',
        scope: 'section',
      })
    },
  }
}
