import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { acceptedEncoding } from '../http/encoding.ts'
import { isNotModified } from '../http/conditional.ts'
import type { CachedPage, PageCache } from './page-cache.ts'

/**
 * Browsers revalidate every time (cheap: 304 on a matching ETag); a CDN may keep a page five
 * minutes (we purge it on change), serve it stale for a minute while refetching, and for a day
 * if we are failing.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400'
const PRIVATE_CACHE_CONTROL = 'private, no-cache'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's anonymous GET responses may be served from the page cache. `'repeated'` admits a
     * URL only the second time it is asked for (search results: one-off queries must not push
     * article pages out of memory; a query a breaking story makes popular is answered from it).
     */
    cache?: boolean | 'repeated'
  }
  interface FastifyRequest {
    pageCacheKey: string | null
    stalePage: CachedPage | null
  }
  interface FastifyReply {
    pageTags: string[] | null
  }
}

// Headers that describe one response on the wire, not the page.
const NOT_KEPT = new Set(['content-length', 'set-cookie', 'date', 'x-cache', 'etag', 'content-encoding', 'connection', 'keep-alive', 'transfer-encoding'])

/**
 * Marks a response as a cacheable public page showing what `tags` name (for invalidation and the CDN).
 * `lastModified`, when the page knows it, is when what it shows last changed (an article's last
 * update or correction, a list's newest article): sent as Last-Modified, for If-Modified-Since.
 */
export function cachePage(reply: FastifyReply, tags: string[], lastModified?: Date | undefined): FastifyReply {
  reply.pageTags = tags
  if (lastModified && !Number.isNaN(lastModified.getTime())) reply.header('last-modified', lastModified.toUTCString())
  return reply.header('cache-control', PUBLIC_CACHE_CONTROL).header('surrogate-key', tags.join(' '))
}

/** True when the client already has this cached page: its ETag (weak or listed), or no change since its date. */
const clientHas = (headers: IncomingMessage['headers'], page: CachedPage) => isNotModified(headers, page.etag, page.headers['last-modified'])

/**
 * Media types a page's URL also answers in when asked for by Accept (an article as ninjs): each is
 * cached apart from the HTML, under the URL and the type.
 */
export const NEGOTIATED_TYPES = ['application/ninjs+json'] as const

/** The page cache's key for a request: its URL, and the negotiated type it asked for, if any. */
export function pageCacheKey(url: string, accept: string | undefined): string {
  if (accept) for (const type of NEGOTIATED_TYPES) if (accept.includes(type)) return `${url}\u0000${type}`
  return url
}

/** The Vary header of a cached page: accept-encoding, and accept when the page negotiates its type. */
const varyOf = (page: CachedPage) => page.headers.vary ?? 'accept-encoding'

function hasSession(request: FastifyRequest, sessionCookie: string): boolean {
  const cookie = request.headers.cookie
  return cookie !== undefined && cookie.includes(`${sessionCookie}=`)
}

/** Sends a cached page: 304 on a matching ETag, else the best encoding the client accepts. */
export function sendCachedPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage, label: 'HIT' | 'STALE'): FastifyReply {
  reply.code(page.status).headers(page.headers).header('etag', page.etag).header('x-cache', label).header('vary', varyOf(page))
  if (label === 'STALE') reply.header('warning', '110 - "Response is Stale"')
  if (clientHas(request.headers, page)) return reply.code(304).send()
  const enc = acceptedEncoding(request.headers['accept-encoding'])
  if (enc === 'br' && page.br) return reply.header('content-encoding', 'br').send(page.br)
  if (enc !== 'identity') return reply.header('content-encoding', 'gzip').send(page.gzip)
  return reply.send(page.body)
}

export interface FastPathOptions {
  cache: PageCache
  sessionCookie: string
  maxAgeMs: number
  /** Headers added to every response of this process (x-served-by). */
  extraHeaders?: Record<string, string>
}

/**
 * Answers a cache hit straight from the HTTP server's request event, before Fastify builds its
 * request and reply or runs a hook: what makes a warm page nearly as cheap as a static file.
 * Returns false (and touches nothing) when the request is not a fresh hit for an anonymous reader.
 */
export function createFastPath(o: FastPathOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const sessionMarker = `${o.sessionCookie}=`
  return (req, res) => {
    const method = req.method
    if (method !== 'GET' && method !== 'HEAD') return false
    const cookie = req.headers.cookie
    if (cookie !== undefined && cookie.includes(sessionMarker)) return false
    const page = o.cache.get(pageCacheKey(req.url!, req.headers.accept))
    if (!page || page.stale || Date.now() - page.storedAt >= o.maxAgeMs) return false
    if (clientHas(req.headers, page)) {
      res.writeHead(304, {
        etag: page.etag,
        ...(page.headers['last-modified'] ? { 'last-modified': page.headers['last-modified'] } : {}),
        'cache-control': page.headers['cache-control'] ?? '',
        vary: varyOf(page),
        'x-cache': 'HIT',
        ...o.extraHeaders,
      })
      res.end()
      return true
    }
    const enc = acceptedEncoding(req.headers['accept-encoding'])
    const variant = enc === 'br' && page.br ? 'br' : enc === 'identity' ? 'identity' : 'gzip'
    const body = variant === 'br' ? page.br! : variant === 'gzip' ? page.gzip : page.body
    page.wire ??= {}
    const headers = (page.wire[variant] ??= {
      ...page.headers,
      ...o.extraHeaders,
      etag: page.etag,
      'x-cache': 'HIT',
      vary: varyOf(page),
      'content-length': body.length,
      ...(variant === 'identity' ? {} : { 'content-encoding': variant }),
    })
    res.writeHead(page.status, headers)
    res.end(method === 'HEAD' ? undefined : body)
    return true
  }
}

/** True when every query parameter of the URL is one the route declares (others would bloat the cache). */
function onlyDeclaredParams(request: FastifyRequest): boolean {
  const q = request.originalUrl.indexOf('?')
  if (q < 0) return true
  const declared = (request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}
  for (const key of new URLSearchParams(request.originalUrl.slice(q + 1)).keys()) if (!Object.hasOwn(declared, key)) return false
  return true
}

/**
 * The page cache in front of public pages. Registered first, its onRequest hook answers a hit
 * before any other hook runs; misses are stored on the way out (only 200s without cookies, for
 * anonymous readers). Readers with a session always get a fresh, private render.
 */
export function installPageCache(app: FastifyInstance, options: { cache: PageCache; sessionCookie: string; maxAgeMs?: number }): void {
  const { cache, sessionCookie } = options
  // A safety net for what no event announces (an automatic related list on another section, say):
  // pages older than this are rendered again (and served stale if that fails).
  const maxAgeMs = options.maxAgeMs ?? 300_000
  // URLs of 'repeated' routes asked for once, waiting for a second request to be admitted
  const seenOnce = new LRUCache<string, true>({ max: 10_000 })
  app.decorateRequest('pageCacheKey', null)
  app.decorateRequest('stalePage', null)
  app.decorateReply('pageTags', null)

  app.addHook('onRequest', (request, reply, done) => {
    if (!request.routeOptions.config?.cache || (request.method !== 'GET' && request.method !== 'HEAD') || hasSession(request, sessionCookie)) {
      done()
      return
    }
    // the URL as asked for: /ru/world/ and /world/ are different pages (the router sees both as /world/)
    const key = pageCacheKey(request.originalUrl, request.headers.accept)
    const page = cache.get(key)
    if (page && !page.stale && Date.now() - page.storedAt < maxAgeMs) {
      sendCachedPage(request, reply, page, 'HIT')
      return
    }
    request.pageCacheKey = key
    request.stalePage = page ?? null
    done()
  })

  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.pageTags && hasSession(request, sessionCookie)) {
      // personal render: never shared
      reply.header('cache-control', PRIVATE_CACHE_CONTROL).removeHeader('surrogate-key')
      done(null, payload)
      return
    }
    const key = request.pageCacheKey
    const tags = reply.pageTags
    if (!key || !tags || reply.statusCode !== 200 || request.method !== 'GET' || reply.hasHeader('set-cookie') || !onlyDeclaredParams(request)) {
      done(null, payload)
      return
    }
    if (request.routeOptions.config?.cache === 'repeated' && !cache.get(key) && !seenOnce.delete(key)) {
      seenOnce.set(key, true)
      done(null, payload)
      return
    }
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : undefined
    if (!body) {
      done(null, payload)
      return
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (!NOT_KEPT.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value)
    }
    const page = cache.set(key, { status: 200, headers, body, tags })
    reply.header('etag', page.etag).header('x-cache', 'MISS').header('vary', varyOf(page))
    if (clientHas(request.headers, page)) {
      reply.code(304)
      done(null, '')
      return
    }
    const enc = acceptedEncoding(request.headers['accept-encoding'])
    if (enc !== 'identity') {
      reply.header('content-encoding', 'gzip')
      done(null, page.gzip)
      return
    }
    done(null, body)
  })
}
