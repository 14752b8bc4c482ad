import type { ModuleFactory } from '../module.ts'
import { parseAddressList } from '../http/safe-fetch.ts'
import { createContentApi } from './content-api.ts'
import { contentRoutes } from './content-routes.ts'
import { feedRoutes } from './feed-routes.ts'
import { keyAccess } from './key-access.ts'
import { keyPages } from './key-pages.ts'
import { createKeyStore } from './key-store.ts'
import { createNinjsService, type NinjsService } from './ninjs-service.ts'
import { webhookPages } from './webhook-pages.ts'
import { createWebhooks, startWebhookWorker, type Webhooks } from './webhooks.ts'
import type { WebhookEvent } from './tables.ts'
import { createWireDesk } from './wire-desk.ts'
import { wireRoutes } from './wire-routes.ts'
import { startWireWatch } from './wire-watch.ts'

declare module '../module.ts' {
  interface Services {
    /** Articles as IPTC ninjs (the site answers `.ninjs` URLs and `Accept: application/ninjs+json` with it). */
    ninjs: NinjsService
  }
}

/** Requests one API key may make per minute. */
export const KEY_REQUESTS_PER_MINUTE = 600

export interface SyndicationOptions {
  /** Run the webhook delivery loop and the wire folder/URL polling (default true; tests drive them). */
  workers?: boolean
}

/** Syndication: ninjs out and the subscriber feed, the Content API, API keys, webhooks and the wire desk. */
export const syndicationModule =
  (options: SyndicationOptions = {}): ModuleFactory =>
  (kit) => {
    const ninjs = createNinjsService({ db: kit.db, editions: kit.editions, siteUrl: kit.siteUrl, now: kit.now })
    const keys = createKeyStore(kit.db, kit.now)
    const contentApi = createContentApi({ db: kit.db, editions: kit.editions, siteUrl: kit.siteUrl })
    const requireKey = keyAccess({ keys, limiter: kit.limiter, now: kit.now, perMinute: KEY_REQUESTS_PER_MINUTE })
    const allowed = kit.config.fetchAllowedAddresses.length ? parseAddressList(kit.config.fetchAllowedAddresses.join(',')) : undefined
    const webhooks: Webhooks = createWebhooks({ db: kit.db, now: kit.now, log: kit.log, allowed })
    const wire = createWireDesk({ db: kit.db, now: kit.now, newsroom: () => kit.services.newsroom })
    let stopWorker: (() => Promise<void>) | undefined
    let stopWire: (() => Promise<void>) | undefined
    const stopBackfill = new AbortController()
    let backfilling: Promise<unknown> | undefined

    /** Queues an article event for webhooks, with what a receiver needs to fetch the article. */
    const articleEvent = async (event: WebhookEvent, articleId: number) => {
      const data: Record<string, unknown> = { articleId }
      if (event !== 'article.unpublished') {
        const found = await contentApi.article(articleId, ['url', 'headline', 'publishedAt', 'ninjsUrl']).catch(() => undefined)
        if (found) Object.assign(data, found.body.article)
      }
      await webhooks.enqueue(event, data)
    }

    return {
      name: 'syndication',
      services: { ninjs },
      decorations: { syndication: { ninjs, keys, webhooks, wire } },
      events: {
        // first publication or republication: the story is (again) there for readers
        'article.published': async ({ articleId }) => {
          await ninjs.recordChange(articleId, 'usable')
          await articleEvent('article.published', articleId)
        },
        'article.changed': async ({ articleId, reason }) => {
          await ninjs.recordChange(articleId, reason === 'unpublished' ? 'canceled' : 'usable')
          await articleEvent(reason === 'unpublished' ? 'article.unpublished' : 'article.updated', articleId)
        },
        'comment.approved': async ({ articleId, commentId }) => {
          await webhooks.enqueue('comment.approved', { articleId, commentId })
        },
      },
      // articles written straight to the database (demo content, imports) join the feed at start
      onReady: async () => {
        // a large import joins the feed in the background: a start never waits on it
        backfilling = ninjs.backfill(stopBackfill.signal).catch((err: unknown) => {
          if (!stopBackfill.signal.aborted) kit.log.warn({ err }, 'ninjs feed backfill: stopped, resumes at the next start')
        })
        await Promise.race([backfilling, new Promise((r) => setTimeout(r, 2000).unref())])
        if (options.workers !== false) {
          stopWorker = startWebhookWorker(webhooks, kit.log)
          const c = kit.config
          stopWire = startWireWatch(wire, {
            dir: c.wireDir,
            url: c.wirePollUrl,
            token: c.wirePollToken,
            allowed,
            intervalMs: c.wirePollSeconds * 1000,
            log: kit.log,
          })
        }
      },
      close: async () => {
        stopBackfill.abort()
        await backfilling
        await stopWorker?.()
        await stopWire?.()
      },
      async routes(app) {
        await app.register(feedRoutes, { ninjs, requireKey })
        await app.register(keyPages, { keys, config: kit.config, assets: kit.newsroomAssets })
        await app.register(webhookPages, { webhooks, config: kit.config, assets: kit.newsroomAssets })
        await app.register(wireRoutes, { desk: wire, requireKey, config: kit.config, assets: kit.newsroomAssets, editions: kit.editions, now: kit.now })
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
