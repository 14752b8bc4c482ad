import type { IncomingHttpHeaders } from 'node:http'

/** Whole seconds, as HTTP dates carry them. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000)

/** An entity tag without its weakness mark: W/"x" and "x" name the same content for a GET (weak comparison). */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '')

/**
 * True when an If-None-Match header names this ETag: "*", the tag itself, its weak form W/"…", or
 * any of a comma-separated list (RFC 9110 §13.1.2, weak comparison). Proxies and CDNs send all three.
 */
export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  const tags = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).split(',')
  const own = opaque(etag)
  return tags.some((t) => t.trim() === '*' || opaque(t) === own)
}

/**
 * True when the client's copy is current (answer 304). If-None-Match wins when present
 * (RFC 9110 §13.2.2); otherwise If-Modified-Since is compared at one-second precision.
 * Feeds, pages and assets all answer through it.
 */
export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModified?: Date | string | undefined): boolean {
  const inm = headers['if-none-match']
  if (inm !== undefined) return etagMatches(inm, etag)
  const ims = headers['if-modified-since']
  if (ims === undefined || lastModified === undefined) return false
  const modified = typeof lastModified === 'string' ? new Date(lastModified) : lastModified
  const since = Date.parse(ims)
  return !Number.isNaN(since) && !Number.isNaN(modified.getTime()) && seconds(modified) <= Math.floor(since / 1000)
}
