import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/database.ts'
import type { EventBus } from '../events.ts'
import type { PageCache } from './page-cache.ts'

export const CACHE_CHANNEL = 'dateline_cache'

/**
 * The cache tag of every tag and author page: publishing or changing any article (its tags, its
 * byline) drops them all, as it drops the feeds. They are few and cheap to render again.
 */
export const LISTINGS_TAG = 'listings'

export interface CacheInvalidator {
  /** Invalidates tags here, on every other node (NOTIFY), and at the CDN when one is configured. */
  invalidate(tags: string[]): Promise<void>
  /** Other in-process caches (related articles, feeds) hear every invalidation, local or remote. */
  onInvalidate(listener: (tags: string[]) => void): () => void
  /** Settles once this node listens for other nodes' invalidations (app.ready() waits for it). */
  ready: Promise<void>
  close(): Promise<void>
}

export interface InvalidatorOptions {
  database: Database
  cache: PageCache
  events: EventBus
  log: Logger
  cdnPurgeUrl?: URL | undefined
  cdnPurgeToken?: string | undefined
  fetch?: typeof fetch
}

/** Section tags of a section and every section above it (their pages list its articles). */
async function sectionTags(database: Database, sectionId: number): Promise<string[]> {
  const rows = await sql<{ id: number }>`
    with recursive up(id, parent_id) as (
      select id, parent_id from sections where id = ${sectionId}
      union all
      select s.id, s.parent_id from sections s join up on s.id = up.parent_id
    ) select id from up`.execute(database.db)
  return rows.rows.map((r) => `section:${r.id}`)
}

/**
 * Turns domain events into cache tags and spreads them: the local page cache, other nodes through
 * PostgreSQL LISTEN/NOTIFY (works on PGlite and PostgreSQL alike), and an optional CDN purge.
 */
export async function createInvalidator(o: InvalidatorOptions): Promise<CacheInvalidator> {
  const node = randomBytes(6).toString('hex')
  const listeners = new Set<(tags: string[]) => void>()
  const applyLocal = (tags: string[]) => {
    o.cache.invalidate(tags)
    for (const l of listeners) l(tags)
  }

  // subscribed in the background: an embedded database may still be opening while the app is built
  const listening = o.database.listen(CACHE_CHANNEL, (payload) => {
    try {
      const msg = JSON.parse(payload) as { node: string; tags: string[] }
      if (msg.node !== node && Array.isArray(msg.tags)) applyLocal(msg.tags.filter((t) => typeof t === 'string'))
    } catch {
      o.log.warn({ payload: payload.slice(0, 200) }, 'ignored a malformed cache invalidation message')
    }
  })

  listening.catch(() => {}) // reported through `ready`

  // NOTIFYs sent while our listening connection was down are lost: every page may be out of date.
  // Marked stale, not dropped, so they still serve if the database fails again before a re-render.
  const offReconnect = o.database.onListenerReconnect(() => {
    o.log.warn('cache invalidations may have been missed while the database connection was down: all cached pages marked stale')
    applyLocal(['*'])
  })

  let pending = new Set<string>()
  let purgeTimer: NodeJS.Timeout | undefined
  const purgeCdn = () => {
    purgeTimer = undefined
    const tags = [...pending]
    pending = new Set()
    if (!o.cdnPurgeUrl || tags.length === 0) return
    ;(o.fetch ?? fetch)(o.cdnPurgeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.cdnPurgeToken ? { authorization: `Bearer ${o.cdnPurgeToken}` } : {}) },
      body: JSON.stringify({ surrogate_keys: tags }),
      signal: AbortSignal.timeout(5000),
    }).then(
      (res) => {
        if (!res.ok) o.log.warn({ status: res.status }, 'CDN purge refused')
      },
      (err) => o.log.warn({ err }, 'CDN purge failed'),
    )
  }

  const invalidate = async (tags: string[]) => {
    if (tags.length === 0) return
    applyLocal(tags)
    try {
      // chunks keep each message under NOTIFY's 8000-byte payload limit
      for (let i = 0; i < tags.length; i += 200) {
        await sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify({ node, tags: tags.slice(i, i + 200) })})`.execute(o.database.db)
      }
    } catch (err) {
      o.log.error({ err }, 'could not tell other nodes to invalidate their caches')
    }
    if (o.cdnPurgeUrl) {
      for (const t of tags) pending.add(t)
      purgeTimer ??= setTimeout(purgeCdn, 100)
    }
  }

  const offs = [
    o.events.on('article.published', async (e) => {
      const sections = await sectionTags(o.database, e.sectionId)
      // article pages in the same section (or its parent) may now list it as related
      const related = sections.slice(0, 2).map((t) => t.replace('section:', 'related:'))
      await invalidate([`article:${e.articleId}`, 'home', 'feeds', 'search', LISTINGS_TAG, ...sections, ...related])
    }),
    o.events.on('article.changed', async (e) => {
      const tags = [`article:${e.articleId}`, 'feeds', 'search', LISTINGS_TAG]
      if (e.reason === 'moved' && e.previousSectionId !== undefined)
        tags.push(...(await sectionTags(o.database, e.previousSectionId)), ...(await sectionTags(o.database, e.sectionId)))
      await invalidate(tags)
    }),
    o.events.on('sections.changed', async () => {
      await invalidate(['*'])
    }),
    // every page's header shows (or not) the Listen Live button, and its CSP lists stream origins
    o.events.on('stations.changed', async () => {
      await invalidate(['*', 'stations'])
    }),
  ]

  return {
    invalidate,
    ready: listening.then(() => {}),
    onInvalidate(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      offReconnect()
      for (const off of offs) off()
      if (purgeTimer) {
        clearTimeout(purgeTimer)
        purgeCdn()
      }
      await (await listening.catch(() => undefined))?.().catch(() => {})
    },
  }
}
