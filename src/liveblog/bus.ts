import { sql } from 'kysely'
import { Redis } from 'ioredis'
import type { Database } from '../db/database.ts'
import type { EntryMessage } from './hub.ts'

/** What changed in a live blog, as sent between app nodes (small: NOTIFY payloads stay under 8 kB). */
export type LiveBlogEvent =
  /** An entry was posted, edited, pinned or unpinned, or deleted; `seq` is its change number. */
  | { type: 'entry'; articleId: number; entryId: number; seq: number; message?: EntryMessage }
  /** Coverage ended (or reopened). */
  | { type: 'status'; articleId: number; ended: boolean }

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0

/** Parses an event received from another node; undefined for anything malformed. */
export function parseLiveBlogEvent(text: string): LiveBlogEvent | undefined {
  let v: Record<string, unknown>
  try {
    v = JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (!v || typeof v !== 'object' || !isId(v.articleId)) return undefined
  if (v.type === 'entry' && isId(v.entryId) && isId(v.seq)) {
    const m = v.message as EntryMessage | undefined
    // the rendered entry travels with the event when it fits (Redis; small NOTIFYs): nodes need not read it back
    const message = m && typeof m === 'object' && m.id === v.entryId && m.seq === v.seq && (m.deleted === true || typeof m.html === 'string') ? m : undefined
    return { type: 'entry', articleId: v.articleId, entryId: v.entryId, seq: v.seq, ...(message ? { message } : {}) }
  }
  if (v.type === 'status' && typeof v.ended === 'boolean') return { type: 'status', articleId: v.articleId, ended: v.ended }
  return undefined
}

/** Carries live-blog events to every app node (this one included). */
export interface LiveBlogBus {
  publish(event: LiveBlogEvent): Promise<void>
  subscribe(handler: (event: LiveBlogEvent) => void): Promise<void>
  close(): Promise<void>
}

/** One channel per database schema, so sites (or test runs) sharing a server or Redis do not hear each other. */
async function channelName(database: Database): Promise<string> {
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(database.db)
  return `dateline_liveblog_${(r.rows[0]?.s ?? 'public').replace(/[^a-zA-Z0-9_]/g, '_')}`.slice(0, 63)
}

/** LISTEN/NOTIFY through the database (PostgreSQL and PGlite alike), as the discussion does without Redis. */
export function createPostgresLiveBlogBus(database: Database): LiveBlogBus {
  let channel: Promise<string> | undefined
  let unlisten: (() => Promise<void>) | undefined
  const name = () => (channel ??= channelName(database))
  return {
    async publish(event) {
      let payload = JSON.stringify(event)
      if (Buffer.byteLength(payload) > 7000 && event.type === 'entry') payload = JSON.stringify({ ...event, message: undefined })
      await sql`select pg_notify(${await name()}, ${payload})`.execute(database.db)
    },
    async subscribe(handler) {
      unlisten = await database.listen(await name(), (payload) => {
        const e = parseLiveBlogEvent(payload)
        if (e) handler(e)
      })
    },
    async close() {
      await unlisten?.()
      unlisten = undefined
    },
  }
}

/** Redis pub/sub (when REDIS_URL is set): one subscriber connection per process. */
export function createRedisLiveBlogBus(url: string, database: Database, prefix = 'dateline:'): LiveBlogBus {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  const sub = new Redis(url, { lazyConnect: true })
  pub.on('error', () => {})
  sub.on('error', () => {})
  let channel: Promise<string> | undefined
  const name = () => (channel ??= channelName(database).then((c) => c.replace(/^dateline_liveblog_/, `${prefix}liveblog:`)))
  return {
    async publish(event) {
      await pub.publish(await name(), JSON.stringify(event))
    },
    async subscribe(handler) {
      const ch = await name()
      sub.on('message', (from: string, message: string) => {
        if (from !== ch) return
        const e = parseLiveBlogEvent(message)
        if (e) handler(e)
      })
      await sub.subscribe(ch)
    },
    async close() {
      pub.disconnect()
      sub.disconnect()
    },
  }
}
