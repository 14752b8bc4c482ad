import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzipSync } from 'node:zlib'
import { LRUCache } from 'lru-cache'

const brotli = promisify(brotliCompress)

/** A rendered public page kept in memory with its precompressed variants. */
export interface CachedPage {
  status: number
  headers: Record<string, string>
  body: Buffer
  gzip: Buffer
  br: Buffer | undefined
  etag: string
  tags: string[]
  storedAt: number
  /** Invalidated: served only while a fresh render is impossible (the database is down). */
  stale: boolean
  /** Complete response headers per encoding, built on first use by the fast path. */
  wire?: Partial<Record<'identity' | 'gzip' | 'br', Record<string, string | number>>>
}

export interface PageCacheOptions {
  /** Memory budget for bodies and their compressed variants. */
  maxBytes?: number
  onBrotliError?: (err: unknown) => void
}

/**
 * Rendered pages by URL, bounded (LRU by bytes), tagged with what they show. Invalidating a tag
 * marks its pages stale rather than dropping them, so they can still be served if the database
 * fails before they are rendered again.
 */
export class PageCache {
  private readonly lru: LRUCache<string, CachedPage>
  private readonly byTag = new Map<string, Set<string>>()

  constructor(private readonly options: PageCacheOptions = {}) {
    this.lru = new LRUCache<string, CachedPage>({
      maxSize: options.maxBytes ?? 256 * 1024 * 1024,
      sizeCalculation: (p) => p.body.length + p.gzip.length + (p.br?.length ?? p.gzip.length) + 512,
      dispose: (page, key) => {
        for (const tag of page.tags) {
          const keys = this.byTag.get(tag)
          keys?.delete(key)
          if (keys?.size === 0) this.byTag.delete(tag)
        }
      },
    })
  }

  get(key: string): CachedPage | undefined {
    return this.lru.get(key)
  }

  get size(): number {
    return this.lru.size
  }

  /** Stores a page: computes its strong ETag and gzip now, brotli in the background. */
  set(key: string, page: { status: number; headers: Record<string, string>; body: Buffer; tags: string[] }, now = Date.now()): CachedPage {
    const etag = `"${createHash('sha1').update(page.body).digest('base64url')}"`
    const entry: CachedPage = { ...page, gzip: gzipSync(page.body, { level: 6 }), br: undefined, etag, storedAt: now, stale: false }
    this.lru.set(key, entry)
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag)
      if (!keys) this.byTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    brotli(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: page.body.length } }).then(
      (br) => {
        if (this.lru.peek(key) === entry) entry.br = br
      },
      (err) => this.options.onBrotliError?.(err),
    )
    return entry
  }

  /** Marks every page carrying one of the tags stale ('*' marks all); returns how many. */
  invalidate(tags: Iterable<string>): number {
    let n = 0
    const mark = (key: string) => {
      const p = this.lru.peek(key)
      if (p && !p.stale) {
        p.stale = true
        n++
      }
    }
    for (const tag of tags) {
      if (tag === '*') for (const key of this.lru.keys()) mark(key)
      else for (const key of this.byTag.get(tag) ?? []) mark(key)
    }
    return n
  }

  clear(): void {
    this.lru.clear()
  }
}
