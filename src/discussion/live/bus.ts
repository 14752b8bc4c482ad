import { sql } from 'kysely'
import { Redis } from 'ioredis'
import type { Database } from '../../db/database.ts'
import { parseDiscussionEvent, type DiscussionEvent } from './events.ts'

/** Carries discussion events to every app node (this one included). */
export interface DiscussionBus {
  publish(event: DiscussionEvent): Promise<void>
  /** Starts receiving; resolves once subscribed. */
  subscribe(handler: (event: DiscussionEvent) => void): Promise<void>
  close(): Promise<void>
  readonly transport: 'postgres' | 'redis'
}

/**
 * The channel name, per database schema: several sites (or test runs) can share one PostgreSQL
 * server or Redis without hearing each other's comments.
 */
async function channelName(database: Database): Promise<string> {
  const r = await sql<{ s: string }>`select current_schema() as s`.execute(database.db)
  return `dateline_discussion_${(r.rows[0]?.s ?? 'public').replace(/[^a-zA-Z0-9_]/g, '_')}`.slice(0, 63)
}

/** LISTEN/NOTIFY through the database (PostgreSQL and PGlite alike): one LISTEN per process. */
export function createPostgresBus(database: Database): DiscussionBus {
  let channel: Promise<string> | undefined
  let unlisten: (() => Promise<void>) | undefined
  const name = () => (channel ??= channelName(database))
  return {
    transport: 'postgres',
    async publish(event) {
      await sql`select pg_notify(${await name()}, ${JSON.stringify(event)})`.execute(database.db)
    },
    async subscribe(handler) {
      unlisten = await database.listen(await name(), (payload) => {
        const e = parseDiscussionEvent(payload)
        if (e) handler(e)
      })
    },
    async close() {
      await unlisten?.()
      unlisten = undefined
    },
  }
}

/** Redis pub/sub (when REDIS_URL is set): one subscriber connection per process; `prefix` as for the counters' keys. */
export function createRedisBus(url: string, database: Database, prefix = 'dateline:'): DiscussionBus {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 })
  const sub = new Redis(url, { lazyConnect: true })
  // Connection errors are retried by ioredis; publishing reports its own failures.
  pub.on('error', () => {})
  sub.on('error', () => {})
  let channel: Promise<string> | undefined
  const name = () => (channel ??= channelName(database).then((c) => c.replace(/^dateline_discussion_/, `${prefix}discussion:`)))
  return {
    transport: 'redis',
    async publish(event) {
      await pub.publish(await name(), JSON.stringify(event))
    },
    async subscribe(handler) {
      const ch = await name()
      sub.on('message', (from: string, message: string) => {
        if (from !== ch) return
        const e = parseDiscussionEvent(message)
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
