import type { FastifyRequest } from 'fastify'

/** Whole seconds, as HTTP dates carry them. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000)

/**
 * True when the client's copy is current (answer 304). If-None-Match wins when present
 * (RFC 9110 §13.2.2); otherwise If-Modified-Since is compared at one-second precision.
 */
export function isNotModified(request: FastifyRequest, etag: string, lastModified: Date): boolean {
  const inm = request.headers['if-none-match']
  if (inm !== undefined) {
    const strip = (t: string) => t.trim().replace(/^W\//, '')
    return inm.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag))
  }
  const ims = request.headers['if-modified-since']
  if (ims === undefined) return false
  const since = Date.parse(ims)
  return !Number.isNaN(since) && seconds(lastModified) <= Math.floor(since / 1000)
}
