import type { ModuleFactory } from '../module.ts'
import { textPage } from '../web/pages.ts'
import type { Translator } from '../web/i18n.ts'
import { createLinkService, shortLinkRouting } from './link-service.ts'
import { linksNewsroomPages } from './newsroom-pages.ts'
import { linksRoutes } from './routes.ts'
import { articleToolbar } from './toolbar.ts'

/** Short links: /s/{code} (or a short host), Get short URL and share on articles, the newsroom's links. */
export const linksModule: ModuleFactory = (kit) => {
  const links = createLinkService({ db: kit.db, config: kit.config, clock: kit.clock, events: kit.events, log: kit.log })
  const stop = new AbortController()
  let backfilling: Promise<unknown> | undefined
  return {
    name: 'links',
    parts: articleToolbar({ links, clock: kit.clock }),
    async routes(app) {
      const counters = kit.services.counters
      if (!counters) throw new Error('short links need the counters module (clicks and shares)')
      const renderText = async (title: (tr: Translator) => string, body: (tr: Translator) => Parameters<typeof textPage>[3]) => {
        const chrome = await kit.chrome.forPage()
        return textPage(chrome, kit.pageAssets, title(chrome.i18n), body(chrome.i18n))
      }
      await app.register(linksRoutes, { links, counters, textPage: renderText, shortRoute: shortLinkRouting(kit.config).route })
      await app.register(linksNewsroomPages, { links, config: kit.config, clock: kit.clock, assets: kit.newsroomAssets })
    },
    // articles written straight to the database (demo content, imports) get their codes at start: a
    // small site at once, a large import in the background while the site serves (a page makes its
    // article's code when it is first shown), so a start never waits on it
    onReady: async () => {
      backfilling = links.backfillArticleCodes(stop.signal).catch((err: unknown) => {
        if (!stop.signal.aborted) kit.log.warn({ err }, 'short codes for imported articles: stopped, resumes at the next start')
      })
      await Promise.race([backfilling, new Promise((r) => setTimeout(r, 2000).unref())])
    },
    close: async () => {
      stop.abort()
      await backfilling
    },
  }
}
