import type { FastifyInstance } from 'fastify'
import type { AuthService } from '../accounts/auth-service.ts'
import { readerPages } from '../accounts/reader-pages.ts'
import { createReaderService } from '../accounts/reader-service.ts'
import type { Deps } from '../deps.ts'
import type { RateLimiter } from '../http/rate-limit.ts'
import type { Assets } from '../site/assets.ts'
import type { PageParts } from '../site/page-parts.ts'
import type { SiteService } from '../site/site-service.ts'
import { createCommentService } from './comment-service.ts'
import { commentPages } from './comment-pages.ts'
import type { DiscussionContext } from './context.ts'
import { createDiscussionReader } from './discussion-reader.ts'
import { createPostgresBus, createRedisBus, type DiscussionBus } from './live/bus.ts'
import type { DiscussionEvent } from './live/events.ts'
import { createLiveHub, type LiveHub } from './live/hub.ts'
import { createModerationService } from './moderation-service.ts'
import { moderationRoutes } from './newsroom-routes.ts'
import { discussionPublicRoutes } from './public-routes.ts'
import { standardsPublicRoute } from './standards-routes.ts'
import { commentItem } from './templates/comment.ts'
import { discussionSection } from './templates/discussion.ts'

/** Tuning for tests and benchmarks. */
export interface DiscussionOptions {
  /** Prefix of the Redis channel (tests give each run its own); default "dateline:". */
  redisPrefix?: string
  /** A bus of one's own instead of PostgreSQL or Redis. */
  bus?: DiscussionBus
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's live-discussion hub (tests and benchmarks count its readers). */
    discussionHub: LiveHub
  }
}

/**
 * Registers reader accounts, discussion, moderation and the community standards; returns the
 * article page's discussion part. One live hub per app: one subscription (LISTEN, or Redis when
 * REDIS_URL is set) fanned out in memory to this node's readers.
 */
export async function registerDiscussion(
  app: FastifyInstance,
  deps: Deps,
  o: { site: SiteService; assets: Assets; auth: AuthService; limiter: RateLimiter; invalidate: (tags: string[]) => Promise<void>; options?: DiscussionOptions | undefined },
): Promise<Pick<PageParts, 'articleDiscussion'>> {
  const { database, config, log } = deps
  const db = database.db
  const now = () => deps.clock.now()
  const reader = createDiscussionReader({ db, now })
  const bus = o.options?.bus ?? (config.redisUrl ? createRedisBus(config.redisUrl, database, o.options?.redisPrefix) : createPostgresBus(database))
  const hub = createLiveHub({
    bus,
    log,
    async render(commentId) {
      const v = await reader.commentView(commentId, null)
      return v && v.status === 'approved' ? { id: v.id, parentId: v.parentId, html: commentItem(v, null).value } : undefined
    },
  })
  // The node that makes a change announces it live and drops the cached pages showing it; likes
  // alone do not evict pages (readers with JavaScript see them live; others within minutes).
  const publisher = {
    async publish(e: DiscussionEvent) {
      await hub.publish(e)
      if (e.type !== 'likes') await o.invalidate([`discussion:${e.articleId}`]).catch((err) => log.warn({ err }, 'could not invalidate the discussion page'))
    },
  }
  app.decorate('discussionHub', hub)
  // Open streams would keep the server from closing: end them first (browsers reconnect).
  app.addHook('preClose', async () => hub.disconnectAll())
  app.addHook('onClose', async () => hub.close())

  const siteAssets = { css: o.assets.url('site.css'), icon: o.assets.url('favicon.svg'), script: o.assets.url('build/site.js') }
  const ctx: DiscussionContext = {
    db,
    config,
    now,
    auth: o.auth,
    limiter: o.limiter,
    site: o.site,
    comments: createCommentService({ db, limiter: o.limiter, now, hub: publisher }),
    moderation: createModerationService({ db, now, hub: publisher }),
    reader,
    hub,
    siteAssets,
    newsroomAssets: { css: o.assets.url('newsroom.css'), icon: o.assets.url('favicon.svg'), script: o.assets.url('build/newsroom.js') },
    invalidate: o.invalidate,
  }

  await app.register(readerPages, { auth: o.auth, readers: createReaderService({ db, limiter: o.limiter, now }), site: o.site, config, assets: siteAssets })
  await app.register(discussionPublicRoutes, ctx)
  await app.register(commentPages, ctx)
  await app.register(standardsPublicRoute, ctx)
  await app.register(moderationRoutes, ctx)

  return {
    async articleDiscussion({ articleId, reader: who }) {
      const view = await reader.view(articleId, { viewer: who ? { id: who.id, name: who.name, csrf: who.csrf } : null })
      return discussionSection(view)
    },
  }
}
