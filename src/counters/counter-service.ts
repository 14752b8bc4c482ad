import { createArticleStore } from '../content/article-store.ts'
import { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { Deps } from '../deps.ts'
import { createCounterStore, type ArticleCounts, type MostReadEntry } from './counter-store.ts'
import { createMemoryPipeline, createRedisPipeline, type Pipeline } from './pipeline.ts'
import { addressHash, isCountable, readerHash, saltDay, type Reader } from './reader.ts'
import { createMemorySeenStore, createRedisSeenStore, type SeenStore } from './seen-store.ts'
import { clickKey, shareKey, Tally, viewKey } from './tally.ts'

export interface CounterOptions {
  /** How often counts are written (the most they lag behind). */
  flushMs: number
  /** A reader counts once per article within this window. */
  viewWindowMs: number
  /** At most this many counted events per address per `addressWindowMs` (a flood cannot make counts jump). */
  addressLimit: number
  addressWindowMs: number
  /** At most this many views (or shares) of one article per address per `viewWindowMs`, whatever user agents it sends. */
  articleAddressLimit: number
  /** Prefix of every Redis key (tests give each run its own). */
  redisPrefix: string
  /** How long a "most read" list is reused (0: not at all). */
  mostReadCacheMs: number
}

export const DEFAULT_COUNTER_OPTIONS: CounterOptions = {
  flushMs: 1000,
  viewWindowMs: 30 * 60_000,
  addressLimit: 300,
  addressWindowMs: 10 * 60_000,
  articleAddressLimit: 5,
  redisPrefix: 'dateline:',
  mostReadCacheMs: 15_000,
}

/** The share actions the page offers, counted by kind. */
export const SHARE_KINDS = ['copy', 'native', 'email', 'x', 'facebook', 'linkedin', 'whatsapp'] as const
export type ShareKind = (typeof SHARE_KINDS)[number]

export type CountResult = 'counted' | 'repeat' | 'bot' | 'limited'

/**
 * Views, shares and short-link clicks: deduplicated per reader without cookies, added up in
 * memory, written in batches (through Redis when several nodes run), flushed on close.
 */
export function createCounterService(deps: Pick<Deps, 'config' | 'database' | 'log' | 'clock'>, options: Partial<CounterOptions> = {}) {
  const o = { ...DEFAULT_COUNTER_OPTIONS, ...options }
  const { database, clock, log } = deps
  const db = database.db
  const tally = new Tally()
  let redis: Redis | undefined
  let seen: SeenStore
  let pipeline: Pipeline
  if (deps.config.redisUrl) {
    redis = new Redis(deps.config.redisUrl, { keyPrefix: o.redisPrefix, maxRetriesPerRequest: 2, enableAutoPipelining: true })
    redis.on('error', (err) => log.warn({ err: { message: err.message } }, 'counters: Redis error'))
    seen = createRedisSeenStore(redis)
    pipeline = createRedisPipeline({ db, tally, log, redis })
  } else {
    seen = createMemorySeenStore()
    pipeline = createMemoryPipeline({ db, tally, log })
  }
  // Published-or-not per article id, so forged beacons for unknown ids cost no query each.
  const published = new LRUCache<number, boolean>({ max: 20_000, ttl: 60_000 })
  const mostReadCache = new LRUCache<string, MostReadEntry[]>({ max: 500, ttl: Math.max(o.mostReadCacheMs, 1) })

  let flushing: Promise<void> | undefined
  let closed = false
  let lastPrune = 0
  // Hour buckets older than two days are not needed for "most read" (daily totals stay).
  const prune = async () => {
    const t = clock.now().getTime()
    if (t - lastPrune < 3_600_000) return
    lastPrune = t
    await createCounterStore(db).prune(new Date(t - 48 * 3_600_000), new Date(t - 86_400_000))
  }
  const flushOnce = () => {
    flushing ??= pipeline
      .flush()
      .then(prune)
      .catch(() => {})
      .finally(() => (flushing = undefined))
    return flushing
  }
  const timer = setInterval(() => void flushOnce(), o.flushMs)
  timer.unref()

  /** Dedup and cap one event; true when it should be counted. */
  async function admit(key: string, articleKey: string, reader: Reader, now: Date): Promise<CountResult> {
    if (!isCountable(reader.userAgent)) return 'bot'
    const salt = await seen.salt(saltDay(now))
    if (!(await seen.firstSeen(`${readerHash(salt, reader)}:${key}`, now, o.viewWindowMs))) return 'repeat'
    const address = addressHash(salt, reader.ip)
    // a new user agent is a new "reader": one address still counts a handful per article (a household, an office), no more
    if ((await seen.hit(`${address}:${articleKey}`, now, o.viewWindowMs)) > o.articleAddressLimit) return 'limited'
    if ((await seen.hit(address, now, o.addressWindowMs)) > o.addressLimit) return 'limited'
    return 'counted'
  }

  return {
    options: o,

    /** True when the article exists and is published (cached for a minute). */
    async isPublished(articleId: number): Promise<boolean> {
      const hit = published.get(articleId)
      if (hit !== undefined) return hit
      const yes = await createArticleStore(db).isPublished(articleId)
      published.set(articleId, yes)
      return yes
    },

    /** Counts a view of a published article, once per reader per window; bots never. */
    async recordView(articleId: number, reader: Reader): Promise<CountResult> {
      const now = clock.now()
      const result = await admit(`v${articleId}`, `v${articleId}`, reader, now)
      if (result === 'counted') tally.add(viewKey(articleId, now))
      return result
    },

    /** Counts a share action by kind, once per reader, article and kind per window. */
    async recordShare(articleId: number, kind: ShareKind, reader: Reader): Promise<CountResult> {
      const now = clock.now()
      const result = await admit(`s${articleId}${kind}`, `s${articleId}`, reader, now)
      if (result === 'counted') tally.add(shareKey(articleId, kind))
      return result
    },

    /** Counts a short-link click (people only; every click counts). */
    recordClick(linkId: number, userAgent: string | undefined): boolean {
      if (!isCountable(userAgent)) return false
      tally.add(clickKey(linkId))
      return true
    },

    async getCounts(articleId: number): Promise<ArticleCounts | undefined> {
      return (await createCounterStore(db).getCounts([articleId])).get(articleId)
    },

    /** Top articles by views over the last 24 hours (hour buckets), cached for a few seconds. */
    async mostRead(query: { editionId: number; sectionIds?: number[]; limit: number }): Promise<MostReadEntry[]> {
      const key = `${query.editionId}:${query.sectionIds?.join(',') ?? '*'}:${query.limit}`
      const hit = mostReadCache.get(key)
      if (hit) return hit
      const hour = Math.floor(clock.now().getTime() / 3_600_000) * 3_600_000
      const entries = await createCounterStore(db).findMostRead({ ...query, since: new Date(hour - 23 * 3_600_000) })
      if (o.mostReadCacheMs > 0) mostReadCache.set(key, entries)
      return entries
    },

    /** Views per day over the last `days` days. */
    async dailyViews(articleId: number, days: number) {
      const since = new Date(clock.now().getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
      return createCounterStore(db).findDailyViews(articleId, since)
    },

    /** Events counted but not yet handed on (for tests and the benchmark). */
    pending(): number {
      return tally.total()
    },

    /** Writes what is held now (waits for a flush already running). */
    async flush(): Promise<void> {
      if (flushing) await flushing
      await pipeline.flush()
    },

    /** Graceful stop: no more timer, everything held is written, Redis closed. */
    async close(): Promise<void> {
      if (closed) return
      closed = true
      clearInterval(timer)
      if (flushing) await flushing
      try {
        await pipeline.drain()
      } catch (err) {
        log.error({ err, lost: tally.total() }, 'counters: could not write the last batch on shutdown')
      }
      await redis?.quit().catch(() => redis?.disconnect())
    },
  }
}

export type CounterService = ReturnType<typeof createCounterService>
