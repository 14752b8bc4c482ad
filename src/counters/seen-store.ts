import type { Redis } from 'ioredis'
import { newSalt } from './reader.ts'

/**
 * Short-lived facts about readers, keyed by salted hashes: which (reader, article) pairs were
 * counted within the window, how many views an address sent lately, and the day's salt. In memory
 * for one node; in Redis when several nodes must agree.
 */
export interface SeenStore {
  /** True the first time `key` is seen within `windowMs`; false for a repeat. */
  firstSeen(key: string, now: Date, windowMs: number): Promise<boolean>
  /** Adds one to `key`'s count in the current `windowMs` window and returns it. */
  hit(key: string, now: Date, windowMs: number): Promise<number>
  /** The salt of `day` (made on first use, shared by all nodes). */
  salt(day: string): Promise<string>
}

/**
 * A Map that forgets its oldest entries beyond `max` (a Map keeps insertion order; writing a key
 * moves it to the end). Unlike an LRU cache with preallocated slots, it costs nothing until used:
 * a start builds one per app.
 */
class BoundedMap<V> {
  private readonly map = new Map<string, V>()
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key)
  }
  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!)
  }
}

/** A node-local store: bounded, so a flood of readers evicts the oldest entries, never grows memory. */
export function createMemorySeenStore(maxEntries = 500_000): SeenStore {
  const seen = new BoundedMap<number>(maxEntries)
  const hits = new BoundedMap<{ count: number; resetAt: number }>(100_000)
  const salts = new Map<string, string>()
  return {
    async firstSeen(key, now, windowMs) {
      const t = now.getTime()
      const until = seen.get(key)
      if (until !== undefined && until > t) return false
      seen.set(key, t + windowMs)
      return true
    },
    async hit(key, now, windowMs) {
      const t = now.getTime()
      const h = hits.get(key)
      if (!h || h.resetAt <= t) {
        hits.set(key, { count: 1, resetAt: t + windowMs })
        return 1
      }
      h.count++
      return h.count
    },
    async salt(day) {
      let s = salts.get(day)
      if (!s) {
        // Only today's salt is kept: yesterday's hashes become unlinkable.
        salts.clear()
        salts.set(day, (s = newSalt()))
      }
      return s
    },
  }
}

/** A store shared by every node through Redis (keys expire by themselves). */
export function createRedisSeenStore(redis: Redis): SeenStore {
  const salts = new Map<string, string>()
  return {
    async firstSeen(key, _now, windowMs) {
      return (await redis.set(`seen:${key}`, '1', 'PX', windowMs, 'NX')) === 'OK'
    },
    async hit(key, _now, windowMs) {
      const results = await redis.multi().set(`hits:${key}`, '0', 'PX', windowMs, 'NX').incr(`hits:${key}`).exec()
      const [err, value] = results?.[1] ?? [new Error('no reply'), 0]
      if (err) throw err
      return Number(value)
    },
    async salt(day) {
      const cached = salts.get(day)
      if (cached) return cached
      await redis.set(`salt:${day}`, newSalt(), 'EX', 2 * 86_400, 'NX')
      const s = await redis.get(`salt:${day}`)
      if (!s) throw new Error('the day salt vanished from Redis')
      salts.clear()
      salts.set(day, s)
      return s
    },
  }
}
