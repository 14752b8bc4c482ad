/**
 * Counts waiting to be written: one number per key, added up in memory between flushes. Keys are
 * short strings so a batch moves through Redis as one hash: `v:{article}:{hour ms}` (views),
 * `s:{article}:{kind}` (shares), `c:{link}` (short-link clicks).
 */
export class Tally {
  private counts = new Map<string, number>()

  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n)
  }

  /** Takes everything counted so far, leaving the tally empty. */
  drain(): Map<string, number> {
    const out = this.counts
    this.counts = new Map()
    return out
  }

  /** Puts back a drained batch that could not be written, to try again with the next one. */
  merge(batch: Map<string, number>): void {
    for (const [k, n] of batch) this.add(k, n)
  }

  get size(): number {
    return this.counts.size
  }

  /** The sum of all counts (events waiting). */
  total(): number {
    let t = 0
    for (const n of this.counts.values()) t += n
    return t
  }
}

export const HOUR_MS = 3_600_000

export const viewKey = (articleId: number, at: Date) => `v:${articleId}:${Math.floor(at.getTime() / HOUR_MS) * HOUR_MS}`
export const shareKey = (articleId: number, kind: string) => `s:${articleId}:${kind}`
export const clickKey = (linkId: number) => `c:${linkId}`

/** A batch as the database takes it. */
export interface CounterBatch {
  views: { articleId: number; hour: Date; n: number }[]
  shares: { articleId: number; kind: string; n: number }[]
  clicks: { linkId: number; n: number }[]
}

const ID = /^[1-9]\d{0,9}$/
const MAX_PER_KEY = 100_000_000

/** Turns tally keys into a batch; anything malformed (say, a tampered Redis hash) is dropped. */
export function toBatch(entries: Iterable<[string, number | string]>): CounterBatch {
  const batch: CounterBatch = { views: [], shares: [], clicks: [] }
  for (const [key, raw] of entries) {
    if (typeof raw === 'string' && !/^\d{1,12}$/.test(raw)) continue
    const n = Number(raw)
    if (!Number.isSafeInteger(n) || n <= 0 || n > MAX_PER_KEY) continue
    const parts = key.split(':')
    if (parts.length > 3) continue
    const [type, a, b] = parts
    if (!a || !ID.test(a) || Number(a) > 2_147_483_647) continue
    if (type === 'v' && b && /^\d{1,15}$/.test(b) && Number(b) % HOUR_MS === 0) batch.views.push({ articleId: Number(a), hour: new Date(Number(b)), n })
    else if (type === 's' && b && /^[a-z]{1,16}$/.test(b)) batch.shares.push({ articleId: Number(a), kind: b, n })
    else if (type === 'c' && b === undefined) batch.clicks.push({ linkId: Number(a), n })
  }
  return batch
}

export function batchIsEmpty(b: CounterBatch): boolean {
  return b.views.length === 0 && b.shares.length === 0 && b.clicks.length === 0
}
