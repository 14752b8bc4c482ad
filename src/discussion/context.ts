import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { formCsrfToken } from '../accounts/auth-plugin.ts'
import type { AuthService } from '../accounts/auth-service.ts'
import type { Config } from '../config.ts'
import type { DB } from '../db/schema.ts'
import type { RateLimiter } from '../http/rate-limit.ts'
import type { SafeHtml } from '../web/html.ts'
import type { ChromeService } from '../web/chrome.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import type { CommentService } from './comment-service.ts'
import type { DiscussionReader } from './discussion-reader.ts'
import type { LiveHub } from './live/hub.ts'
import type { ModerationService } from './moderation-service.ts'
import type { Viewer } from './view-models.ts'

/** What the discussion module's routes are built on (made once in register.ts). */
export interface DiscussionContext {
  db: Kysely<DB>
  config: Config
  now: () => Date
  auth: AuthService
  limiter: RateLimiter
  chrome: ChromeService
  /** Editions and their sections, cached (the request's edition when none is named). */
  editions: EditionContexts
  comments: CommentService
  moderation: ModerationService
  reader: DiscussionReader
  hub: LiveHub
  siteAssets: { css: string; icon: string; script: string }
  newsroomAssets: { css: string; icon: string; script: string }
  /** Invalidates cached pages by tag, on every node and at the CDN. */
  invalidate: (tags: string[]) => Promise<void>
}

/** The signed-in reader (or staff member) looking at a page, with the token their forms carry. */
export function viewerOf(request: FastifyRequest, reply: FastifyReply, config: Config): Viewer {
  const p = request.auth?.principal
  if (!p) return null
  return { id: p.id, name: p.displayName, csrf: formCsrfToken(request, reply, config) }
}

/** Asset URLs plus who is signed in (for the site header), for the pages this module renders. */
export function pageAssets(request: FastifyRequest, ctx: Pick<DiscussionContext, 'siteAssets'>) {
  const who = request.auth?.principal
  return who ? { ...ctx.siteAssets, viewer: { name: who.displayName, staff: who.kind === 'staff' } } : ctx.siteAssets
}

/** Sends a page that shows per-reader state: never cached anywhere. */
export function sendPrivatePage(reply: FastifyReply, page: SafeHtml, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(page.value)
}
