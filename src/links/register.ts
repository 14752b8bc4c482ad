import type { FastifyInstance } from 'fastify'
import type { CounterOptions, CounterService } from '../counters/counter-service.ts'
import { createCounterService } from '../counters/counter-service.ts'
import { mostReadParts } from '../counters/page-parts.ts'
import { countersModule } from '../counters/routes.ts'
import type { Deps } from '../deps.ts'
import type { Assets } from '../site/assets.ts'
import type { SafeHtml } from '../site/html.ts'
import type { PageParts } from '../site/page-parts.ts'
import type { SiteService } from '../site/site-service.ts'
import { textPage } from '../site/templates/pages.ts'
import { createLinkService, shortLinkRouting } from './link-service.ts'
import { linksModule } from './routes.ts'
import { articleToolbar } from './toolbar.ts'
import { linksNewsroomPages } from './newsroom-pages.ts'
import { countersNewsroomPages } from '../counters/newsroom-pages.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's counter pipeline (tests and benchmarks flush it; modules use their own imports). */
    counters: CounterService
  }
}

/**
 * Registers short links and counters: their routes, the counter pipeline (flushed when the app
 * closes), short codes for published articles without one, and the page parts the site shows.
 */
export async function registerLinksAndCounters(
  app: FastifyInstance,
  deps: Deps,
  opts: { site: SiteService; assets: Assets; counters?: Partial<CounterOptions> | undefined },
): Promise<PageParts> {
  const { database, config, clock } = deps
  const counters = createCounterService(deps, opts.counters)
  app.decorate('counters', counters)
  const links = createLinkService({ db: database.db, config, clock, events: deps.events, log: deps.log })
  // Counts still in memory are written before the database is closed (main.ts and tests close the app first).
  app.addHook('onClose', async () => counters.close())
  // Articles written straight to the database (demo content, imports) get their codes at start.
  app.addHook('onReady', async () => {
    await links.backfillArticleCodes()
  })

  const pageAssets = { css: opts.assets.url('site.css'), icon: opts.assets.url('favicon.svg'), script: opts.assets.url('build/site.js') }
  const renderText = async (title: string, body: SafeHtml) => textPage(await opts.site.chrome(), pageAssets, title, body)

  await app.register(countersModule, { counters })
  await app.register(linksModule, { links, counters, textPage: renderText, shortRoute: shortLinkRouting(config).route })
  const newsroomAssets = { css: opts.assets.url('newsroom.css'), icon: opts.assets.url('favicon.svg'), script: opts.assets.url('build/newsroom.js') }
  await app.register(linksNewsroomPages, { links, config, clock, assets: newsroomAssets })
  await app.register(countersNewsroomPages, { counters, db: database.db, config, now: () => clock.now(), assets: newsroomAssets })
  return { ...mostReadParts({ db: database.db, counters }), ...articleToolbar({ links, counters, clock }) }
}
