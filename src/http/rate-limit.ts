/**
 * Fixed-window counters for rate limits (sign-in failures, posting). In-process by default;
 * a shared implementation (Redis) can be passed where several nodes must add up.
 */
export interface RateLimiter {
  /** Counts one hit for `key`; says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<RateVerdict>
  /** How many hits `key` has in its current window, without counting one. */
  peek(key: string, limit: number, windowMs: number, now: number): Promise<RateVerdict>
  reset(key: string): Promise<void>
}

export interface RateVerdict {
  allowed: boolean
  count: number
  retryAfterMs: number
}

export function createMemoryRateLimiter(maxKeys = 100_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number; windowMs: number }>()
  const current = (key: string, windowMs: number, now: number) => {
    let w = windows.get(key)
    if (!w || now - w.start >= windowMs) {
      if (!w && windows.size >= maxKeys) {
        // Drop expired windows first; if all are live, drop the oldest.
        for (const [k, v] of windows) if (now - v.start >= v.windowMs) windows.delete(k)
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!)
      }
      w = { start: now, count: 0, windowMs }
      windows.set(key, w)
    }
    return w
  }
  const verdict = (w: { start: number; count: number }, limit: number, windowMs: number, now: number): RateVerdict => ({
    allowed: w.count <= limit,
    count: w.count,
    retryAfterMs: w.count <= limit ? 0 : w.start + windowMs - now,
  })
  return {
    async hit(key, limit, windowMs, now) {
      const w = current(key, windowMs, now)
      w.count++
      return verdict(w, limit, windowMs, now)
    },
    async peek(key, limit, windowMs, now) {
      const w = windows.get(key)
      if (!w || now - w.start >= windowMs) return { allowed: true, count: 0, retryAfterMs: 0 }
      return { allowed: w.count < limit, count: w.count, retryAfterMs: w.count < limit ? 0 : w.start + windowMs - now }
    },
    async reset(key) {
      windows.delete(key)
    },
  }
}

/** "3 minutes" / "45 seconds": how long to wait, for messages. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000))
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`
  const m = Math.ceil(s / 60)
  return `${m} minute${m === 1 ? '' : 's'}`
}
