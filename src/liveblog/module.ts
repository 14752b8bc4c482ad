import { translatorFor } from '../web/i18n.ts'
import type { ModuleFactory } from '../module.ts'
import { bodyText, mediaIdsOf } from '../content/blocks.ts'
import { isoTime } from '../web/format.ts'
import { html } from '../web/html.ts'
import type { Picture } from '../web/picture.ts'
import { createPostgresLiveBlogBus, createRedisLiveBlogBus, type LiveBlogBus } from './bus.ts'
import type { LiveEntry } from './entry-store.ts'
import { createLiveBlogHub, type EntryMessage, type LiveBlogHub } from './hub.ts'
import { createLiveBlogService, liveBlogTag, PAGE_SIZE, type LiveBlogService } from './liveblog-service.ts'
import { liveBlogNewsroomRoutes } from './newsroom-routes.ts'
import { liveBlogPublicRoutes } from './public-routes.ts'
import { entryItem, keyEventItem, liveSection, type EntryContext } from './templates.ts'

/** Tuning for tests and benchmarks. */
export interface LiveBlogOptions {
  /** Prefix of the Redis channel (tests give each run its own); default "dateline:". */
  redisPrefix?: string
  bus?: LiveBlogBus
}

declare module '../module.ts' {
  interface Services {
    /** Live blogs: entries of live coverage (the alerts module links to them). */
    liveBlogs: LiveBlogService
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's live-blog hub (tests count its readers). */
    liveBlogHub: LiveBlogHub
  }
}

/**
 * Live blogs: an article page that carries a stream of short entries. The newsroom posts from a
 * composer; every node hears each change (Redis pub/sub with REDIS_URL, else LISTEN/NOTIFY) and
 * sends it to the pages connected to it; the cached pages showing the blog are dropped.
 */
export const liveBlogModule =
  (options: LiveBlogOptions = {}): ModuleFactory =>
  (kit) => {
    const { db, config, database, log } = kit
    const bus = options.bus ?? (config.redisUrl ? createRedisLiveBlogBus(config.redisUrl, database, options.redisPrefix) : createPostgresLiveBlogBus(database))

    const entryContext = async (entries: LiveEntry[]): Promise<EntryContext> => {
      const ids = [...new Set(entries.flatMap((e) => mediaIdsOf(e.body)))]
      const pictures: Map<number, Picture> = ids.length ? ((await kit.services.media?.pictures(ids)) ?? new Map()) : new Map()
      const { edition } = await kit.editions.get(kit.editions.current())
      return { pictures, locale: edition.language, tr: translatorFor(edition), permalink: (id) => `/live-blog/entries/${id}` }
    }
    const message = async (e: LiveEntry): Promise<EntryMessage> => {
      if (e.deletedAt) return { id: e.id, seq: e.changeSeq, deleted: true }
      const ctx = await entryContext([e])
      return {
        id: e.id,
        seq: e.changeSeq,
        deleted: false,
        pinned: e.pinned,
        title: e.title,
        html: entryItem(e, ctx).value,
        keyHtml: keyEventItem(e, `#entry-${e.id}`, ctx.tr).value,
        postedAt: isoTime(e.postedAt),
      }
    }
    let service: LiveBlogService
    const hub = createLiveBlogHub({
      bus,
      log,
      async render(entryId) {
        const e = await service.store.getEntry(entryId)
        return e && message(e)
      },
    })
    service = createLiveBlogService({ db, now: kit.now, hub, editions: kit.editions, invalidate: (tags) => kit.invalidator.invalidate(tags), log, message })

    return {
      name: 'liveblog',
      services: { liveBlogs: service },
      decorations: { liveBlogHub: hub },
      async routes(app) {
        await app.register(liveBlogPublicRoutes, { service, hub, chrome: kit.chrome, pageAssets: kit.pageAssets, siteUrl: kit.siteUrl, entryContext, message })
        await app.register(liveBlogNewsroomRoutes, {
          service,
          config,
          assets: kit.newsroomAssets,
          entryContext,
          alerts: () => kit.services.alerts !== undefined,
        })
      },
      parts: {
        async articleLive({ articleId, canonicalUrl, edition }) {
          const blog = await service.store.getLiveBlog(articleId)
          if (!blog) return undefined
          const [list, keyEvents, total, lastSeq] = await Promise.all([
            service.store.listEntries(articleId, { limit: PAGE_SIZE + 1 }),
            service.store.keyEvents(articleId),
            service.store.countEntries(articleId),
            service.store.lastChange(articleId),
          ])
          const entries = list.slice(0, PAGE_SIZE)
          const ctx = await entryContext(entries)
          const modified = entries.reduce((m, e) => Math.max(m, (e.editedAt ?? e.postedAt).getTime()), blog.startedAt.getTime())
          return {
            html: liveSection(
              {
                articleId,
                startedAt: blog.startedAt,
                endedAt: blog.endedAt,
                entries,
                keyEvents,
                total,
                lastSeq,
                olderHref: list.length > PAGE_SIZE ? `/live-blog/${articleId}/older?before=${entries.at(-1)!.id}` : undefined,
                eventsUrl: `/live-blog/${articleId}/events`,
                feedUrl: `/live-blog/${articleId}/feed.xml`,
                alertsHref: `${edition.edition.prefix}/alerts`,
              },
              ctx,
            ),
            head: html`<link rel="alternate" type="application/atom+xml" title="Live updates" href="/live-blog/${articleId}/feed.xml">`,
            tags: [liveBlogTag(articleId)],
            structuredData: {
              '@type': 'LiveBlogPosting',
              coverageStartTime: isoTime(blog.startedAt),
              ...(blog.endedAt ? { coverageEndTime: isoTime(blog.endedAt) } : {}),
              dateModified: isoTime(new Date(modified)),
              liveBlogUpdate: entries.map((e) => {
                const text = bodyText(e.body)
                return {
                  '@type': 'BlogPosting',
                  '@id': `${canonicalUrl}#entry-${e.id}`,
                  url: `${canonicalUrl}#entry-${e.id}`,
                  headline: (e.title || text).slice(0, 110),
                  articleBody: text,
                  datePublished: isoTime(e.postedAt),
                  dateModified: isoTime(e.editedAt ?? e.postedAt),
                  ...(e.authorName ? { author: { '@type': 'Person', name: e.authorName } } : {}),
                }
              }),
            },
          }
        },
      },
      onReady: () => hub.start(),
      preClose: async () => hub.disconnectAll(),
      close: async () => hub.close(),
    }
  }
