import { siteBase } from '../config.ts'
import type { Deps } from '../deps.ts'
import { createFeedService } from './feed-service.ts'
import { createRelatedService } from './related-service.ts'
import { createSearchService } from './search-service.ts'
import { createSitemaps } from './sitemaps.ts'
import { startWebSubPings } from './websub.ts'

/**
 * The discovery module's services, built from deps: related articles, search, feeds (with
 * WebSub pings), sitemaps. The caches they hold are derived data, cleared by content events.
 */
export function createDiscovery(deps: Deps) {
  const db = deps.database.db
  const siteUrl = siteBase(deps.config)
  const hub = deps.config.websubHub?.href
  const now = () => deps.clock.now()
  const related = createRelatedService({ db, events: deps.events })
  const search = createSearchService({ db, now })
  const feeds = createFeedService({ db, siteUrl, hub, events: deps.events })
  const sitemaps = createSitemaps({ db, siteUrl, now })
  const websub = startWebSubPings({ hub, events: deps.events, log: deps.log, topicsFor: (id, prev) => feeds.feedUrlsFor(id, prev) })
  return {
    related,
    search,
    feeds,
    sitemaps,
    websub,
    hub,
    async close() {
      related.close()
      feeds.close()
      await websub.close()
    },
  }
}

export type Discovery = ReturnType<typeof createDiscovery>
