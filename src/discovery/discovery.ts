import type { Kit } from '../module.ts'
import type { PictureLookup } from '../web/picture.ts'
import { createFeedService } from './feed-service.ts'
import { createRelatedService } from './related-service.ts'
import { createSearchService } from './search-service.ts'
import { createSitemaps } from './sitemaps.ts'
import { startWebSubPings } from './websub.ts'

/**
 * The discovery module's services, built from deps: related articles, search, feeds (with
 * WebSub pings), sitemaps. The caches they hold are derived data, cleared by content events.
 */
export function createDiscovery(
  deps: Pick<Kit, 'db' | 'siteUrl' | 'config' | 'now' | 'events' | 'log' | 'editions'> & { media: () => PictureLookup | undefined },
) {
  const { db, siteUrl, now, editions } = deps
  const hub = deps.config.websubHub?.href
  const related = createRelatedService({ db, events: deps.events })
  const search = createSearchService({ db, now, editions, media: deps.media })
  const feeds = createFeedService({ db, siteUrl, hub, events: deps.events, editions, media: deps.media })
  const sitemaps = createSitemaps({ db, siteUrl, now, editions, media: deps.media })
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
