import type { ModuleFactory } from '../module.ts'
import { createContentApi } from './content-api.ts'
import { contentRoutes } from './content-routes.ts'
import { feedRoutes } from './feed-routes.ts'
import { keyAccess } from './key-access.ts'
import { keyPages } from './key-pages.ts'
import { createKeyStore } from './key-store.ts'
import { createNinjsService, type NinjsService } from './ninjs-service.ts'

declare module '../module.ts' {
  interface Services {
    /** Articles as IPTC ninjs (the site answers `.ninjs` URLs and `Accept: application/ninjs+json` with it). */
    ninjs: NinjsService
  }
}

/** Requests one API key may make per minute. */
export const KEY_REQUESTS_PER_MINUTE = 600

/** Syndication: ninjs out and the subscriber feed, the Content API, with API keys. */
export const syndicationModule: ModuleFactory = (kit) => {
  const ninjs = createNinjsService({ db: kit.db, editions: kit.editions, siteUrl: kit.siteUrl, now: kit.now })
  const keys = createKeyStore(kit.db, kit.now)
  const contentApi = createContentApi({ db: kit.db, editions: kit.editions, siteUrl: kit.siteUrl })
  const requireKey = keyAccess({ keys, limiter: kit.limiter, now: kit.now, perMinute: KEY_REQUESTS_PER_MINUTE })
  return {
    name: 'syndication',
    services: { ninjs },
    decorations: { syndication: { ninjs, keys } },
    events: {
      'article.published': ({ articleId }) => ninjs.recordChange(articleId, 'usable'),
      'article.changed': ({ articleId, reason }) => ninjs.recordChange(articleId, reason === 'unpublished' ? 'canceled' : 'usable'),
    },
    // articles written straight to the database (demo content, imports) join the feed at start
    onReady: async () => {
      await ninjs.backfill()
    },
    async routes(app) {
      await app.register(feedRoutes, { ninjs, requireKey })
      await app.register(keyPages, { keys, config: kit.config, assets: kit.newsroomAssets })
      await app.register(contentRoutes, {
        api: contentApi,
        requireKey,
        cache: kit.pageCache,
        ttlMs: kit.config.pageCacheTtlSeconds * 1000,
        siteUrl: kit.siteUrl,
      })
    },
  }
}
