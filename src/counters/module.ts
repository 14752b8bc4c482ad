import type { ModuleFactory } from '../module.ts'
import { translatorFor } from '../web/i18n.ts'
import { timeView } from '../web/view-models.ts'
import { createCounterStore } from './counter-store.ts'
import { createCounterService, type CounterOptions, type CounterService } from './counter-service.ts'
import { countersNewsroomPages } from './newsroom-pages.ts'
import { mostReadParts } from './page-parts.ts'
import { countersModule as countersRoutes } from './routes.ts'
import { countersMarkup } from './templates.ts'

declare module '../module.ts' {
  interface Services {
    /** Views, shares, clicks and comment counts; most read. */
    counters: CounterService
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's counter pipeline (tests and benchmarks flush it). */
    counters: CounterService
  }
}

/** Counters: view and share beacons, the live counts on article pages, most read, view history. */
export const countersModule =
  (options: Partial<CounterOptions> = {}): ModuleFactory =>
  (kit) => {
    const counters = createCounterService(kit, options)
    return {
      name: 'counters',
      services: { counters },
      decorations: { counters },
      // the page counters near the top of the article show the discussion's count too
      events: { 'comments.counted': ({ articleId, count }) => createCounterStore(kit.db, kit.now).setCommentCount(articleId, count) },
      parts: {
        ...mostReadParts({ db: kit.db, counters, media: () => kit.services.media }),
        // the right of the article toolbar (short links put their tools on the left)
        async articleToolbar(a) {
          const counts = await counters.getCounts(a.articleId)
          const tr = translatorFor(a.edition.edition)
          return countersMarkup(
            {
              articleId: a.articleId,
              comments: counts?.comments ?? 0,
              views: counts?.views ?? 0,
              asOf: timeView(kit.now(), tr),
              url: `/api/content/articles/${a.articleId}/counters`,
            },
            tr,
          )
        },
      },
      async routes(app) {
        await app.register(countersRoutes, { counters, now: kit.now })
        await app.register(countersNewsroomPages, { counters, db: kit.db, config: kit.config, now: kit.now, assets: kit.newsroomAssets })
      },
      // counts still in memory are written before the database is closed
      close: () => counters.close(),
    }
  }
