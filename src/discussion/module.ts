import type { ModuleFactory } from '../module.ts'
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
 * Discussion: comments under articles, moderation, the community standards and live updates.
 * One live hub per app: one subscription (LISTEN, or Redis when REDIS_URL is set) fanned out in
 * memory to this node's readers.
 */
export const discussionModule =
  (options: DiscussionOptions = {}): ModuleFactory =>
  (kit) => {
    const { db, database, config, log, now } = kit
    const reader = createDiscussionReader({ db, now })
    const bus = options.bus ?? (config.redisUrl ? createRedisBus(config.redisUrl, database, options.redisPrefix) : createPostgresBus(database))
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
        if (e.type === 'comment' || e.type === 'removed') await kit.events.emit('comments.counted', { articleId: e.articleId, count: e.count })
        if (e.type === 'comment') await kit.events.emit('comment.approved', { articleId: e.articleId, commentId: e.commentId })
        if (e.type !== 'likes')
          await kit.invalidator.invalidate([`discussion:${e.articleId}`]).catch((err) => log.warn({ err }, 'could not invalidate the discussion page'))
      },
    }
    const ctx: DiscussionContext = {
      db,
      config,
      now,
      auth: kit.auth,
      limiter: kit.limiter,
      chrome: kit.chrome,
      editions: kit.editions,
      comments: createCommentService({ db, limiter: kit.limiter, now, hub: publisher }),
      moderation: createModerationService({ db, now, hub: publisher }),
      reader,
      hub,
      siteAssets: kit.pageAssets,
      newsroomAssets: kit.newsroomAssets,
      invalidate: (tags) => kit.invalidator.invalidate(tags),
    }
    return {
      name: 'discussion',
      decorations: { discussionHub: hub },
      async routes(app) {
        await app.register(discussionPublicRoutes, ctx)
        await app.register(commentPages, ctx)
        await app.register(standardsPublicRoute, ctx)
        await app.register(moderationRoutes, ctx)
      },
      parts: {
        async articleDiscussion({ articleId, reader: who }) {
          const view = await reader.view(articleId, { viewer: who ? { id: who.id, name: who.name, csrf: who.csrf } : null })
          return discussionSection(view)
        },
      },
      // open streams would keep the server from closing: end them first (browsers reconnect)
      preClose: async () => hub.disconnectAll(),
      close: async () => hub.close(),
    }
  }
