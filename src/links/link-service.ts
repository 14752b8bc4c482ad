import { createArticleStore } from '../content/article-store.ts'
import { LRUCache } from 'lru-cache'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { siteBase, type Config } from '../config.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { Section } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import type { Clock } from '../deps.ts'
import { AppError } from '../errors.ts'
import type { EventBus } from '../events.ts'
import { articlePath } from '../web/format.ts'
import { isCode } from './codes.ts'
import { createLinkStore, type ShortLink } from './link-store.ts'

/** Where a short code sends the reader, and which link it was (for the click count). */
export interface Resolved {
  location: string
  linkId: number
  /** 301 for article codes (permanent), 302 for editors' links (they may expire). */
  status: 301 | 302
}

const MAX_TARGET_LENGTH = 2000
/** How long a resolved code is reused without asking the database (other nodes' changes show within this). */
export const RESOLVED_TTL_MS = 10_000

/** Short links: codes for articles, links to any URL for editors, and resolving codes. */
export function createLinkService(deps: { db: Kysely<DB>; config: Pick<Config, 'siteUrl' | 'shortUrlBase'>; clock: Clock; events: EventBus; log: Logger }) {
  const { db, clock, log } = deps
  const links = createLinkStore(db)
  const site = siteBase(deps.config)
  const shortBase = shortLinkRouting(deps.config).base
  // Sections are few and change rarely; redirects resolve paths from this short-lived copy.
  const sectionCache = new LRUCache<number, Section[]>({ max: 50, ttl: 10_000 })
  const sectionsOf = async (editionId: number) => {
    let list = sectionCache.get(editionId)
    if (!list) sectionCache.set(editionId, (list = await createSectionStore(db).listSections(editionId)))
    return list
  }
  // Resolved codes, briefly: a redirect is one lookup in memory. Anything that can move an article
  // or end a link clears it on this node; other nodes catch up within RESOLVED_TTL_MS.
  const resolved = new LRUCache<string, { target: Resolved; expiresAt: Date | null }>({ max: 20_000, ttl: RESOLVED_TTL_MS })
  deps.events.on('sections.changed', () => {
    sectionCache.clear()
    resolved.clear()
  })
  deps.events.on('article.changed', () => resolved.clear())
  deps.events.on('article.published', async ({ articleId }) => {
    resolved.clear()
    await links.ensureArticleCode(articleId, clock.now())
  })

  /** Looks a code up in the database and works out where it leads now. */
  async function lookUp(code: string): Promise<{ target: Resolved; expiresAt: Date | null }> {
    const found = await links.getTargetByCode(code)
    if (!found || found.link.deletedAt) throw new AppError('LINK_NOT_FOUND')
    const { link, article } = found
    if (link.kind === 'url') return { target: { location: link.targetUrl!, linkId: link.id, status: 302 }, expiresAt: link.expiresAt }
    if (!article || article.status !== 'published' || !article.firstPublishedAt) throw new AppError('ARTICLE_NOT_FOUND')
    let section = (await sectionsOf(article.editionId)).find((s) => s.id === article.sectionId)
    if (!section) {
      sectionCache.delete(article.editionId)
      section = (await sectionsOf(article.editionId)).find((s) => s.id === article.sectionId)
    }
    if (!section) throw new AppError('ARTICLE_NOT_FOUND')
    return {
      target: { location: site + articlePath(section, { firstPublishedAt: article.firstPublishedAt, slug: article.slug }), linkId: link.id, status: 301 },
      expiresAt: null,
    }
  }

  return {
    /** The short URL shown for a code: on SHORT_URL_BASE when set, else {SITE_URL}/s/{code}. */
    shortUrl(code: string): string {
      return `${shortBase}/${code}`
    },

    /** The article's code, made now if it has none yet (content written straight to the database). */
    ensureArticleCode(articleId: number): Promise<string> {
      return links.ensureArticleCode(articleId, clock.now())
    },

    /** Gives every published article without a code one; returns how many were made. */
    async backfillArticleCodes(signal?: AbortSignal): Promise<number> {
      let made = 0
      while (!signal?.aborted) {
        const ids = await links.findPublishedWithoutCode(200)
        if (ids.length === 0) break
        for (const id of ids) await links.ensureArticleCode(id, clock.now())
        made += ids.length
      }
      if (made) log.info({ made }, 'short codes given to published articles')
      return made
    },

    /** Resolves a code to its target now: an article's current URL (after any move) or the URL. */
    async resolve(code: string): Promise<Resolved> {
      if (!isCode(code)) throw new AppError('LINK_NOT_FOUND')
      let hit = resolved.get(code)
      if (!hit) resolved.set(code, (hit = await lookUp(code)))
      if (hit.expiresAt && hit.expiresAt <= clock.now()) throw new AppError('LINK_EXPIRED')
      return hit.target
    },

    /** An editor's short link to any http(s) URL, optionally expiring. */
    async createLink(input: { url: string; expiresAt?: string | null; createdBy?: number | null }): Promise<ShortLink> {
      const targetUrl = checkTarget(input.url)
      const expiresAt = checkExpiry(input.expiresAt, clock.now())
      return links.createLink({ targetUrl, expiresAt, createdBy: input.createdBy ?? null, now: clock.now() })
    },

    listLinks(query: { limit: number; beforeId?: number }) {
      return links.findLinks(query)
    },

    async updateLink(id: number, patch: { expiresAt: string | null }): Promise<ShortLink> {
      const updated = await links.updateLink(id, { expiresAt: checkExpiry(patch.expiresAt, clock.now()) })
      if (!updated) throw new AppError('LINK_NOT_FOUND')
      resolved.delete(updated.code)
      return updated
    },

    async deleteLink(id: number): Promise<void> {
      if (!(await links.deleteLink(id, clock.now()))) throw new AppError('LINK_NOT_FOUND')
      const link = await links.getLink(id)
      if (link) resolved.delete(link.code)
    },

    /** The article's headline (for share pages and links). */
    async headline(articleId: number): Promise<string> {
      const headline = await createArticleStore(db).getHeadline(articleId)
      if (headline === undefined) throw new AppError('ARTICLE_NOT_FOUND')
      return headline
    },

    store: links,
  }
}

export type LinkService = ReturnType<typeof createLinkService>

/**
 * Where short links live. Without SHORT_URL_BASE: {SITE_URL}/s/{code}. With it: {SHORT_URL_BASE}/{code},
 * answered by a route for that host and path (on the site's own host, only under a path of its own,
 * so it cannot shadow the site's pages).
 */
export function shortLinkRouting(config: Pick<Config, 'siteUrl' | 'shortUrlBase'>): { base: string; route?: { host?: string; path: string } } {
  const site = siteBase(config)
  const short = config.shortUrlBase
  if (!short) return { base: `${site}/s` }
  const path = short.pathname.replace(/\/+$/, '')
  const base = `${short.origin}${path}`
  if (short.host !== config.siteUrl.host) return { base, route: { host: short.host, path } }
  if (path === '' || path === '/s') return { base: `${site}/s` }
  return { base, route: { path } }
}

/** A target must be an absolute http(s) URL without credentials, of sensible length. */
export function checkTarget(text: string): string {
  const bad = (message: string) => new AppError('VALIDATION_FAILED', { message, fields: [{ field: 'url', message }] })
  if (text.length > MAX_TARGET_LENGTH) throw bad(`The URL must be at most ${MAX_TARGET_LENGTH} characters.`)
  let u: URL
  try {
    u = new URL(text.trim())
  } catch {
    throw bad('The URL must be a full address starting with http:// or https://.')
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad('The URL must start with http:// or https://.')
  if (u.username || u.password) throw bad('The URL must not contain a user name or password.')
  return u.href
}

function checkExpiry(text: string | null | undefined, now: Date): Date | null {
  if (text === null || text === undefined || text === '') return null
  const d = new Date(text)
  const bad = (message: string) => new AppError('VALIDATION_FAILED', { message, fields: [{ field: 'expiresAt', message }] })
  if (Number.isNaN(d.getTime())) throw bad('The expiry must be a date and time, like 2026-12-31T23:59:00Z.')
  if (d <= now) throw bad('The expiry must be in the future.')
  return d
}
