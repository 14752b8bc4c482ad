import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import type { RateLimiter } from '../http/rate-limit.ts'
import { keyFromRequest, type KeyStore, type SyndicationKey } from './key-store.ts'
import type { KeyScope } from './tables.ts'

export interface KeyAccessOptions {
  keys: KeyStore
  limiter: RateLimiter
  now: () => Date
  /** Requests one key may make per minute (all its routes together). */
  perMinute: number
}

/**
 * Checks the request's API key for `scope` and counts it against the key's rate limit: 401 without
 * a live key, 429 (with Retry-After) past the limit. Every response says how much of the minute is left.
 */
export function keyAccess(o: KeyAccessOptions) {
  return async function requireKey(request: FastifyRequest, reply: FastifyReply, scope: KeyScope): Promise<SyndicationKey> {
    const key = await o.keys.authenticate(keyFromRequest(request.headers, request.query), scope)
    if (!key) {
      reply.header('www-authenticate', 'Bearer realm="dateline"')
      throw new AppError('API_KEY_INVALID')
    }
    const verdict = await o.limiter.hit(`apikey:${key.id}`, o.perMinute, 60_000, o.now().getTime())
    reply.header('x-ratelimit-limit', String(o.perMinute)).header('x-ratelimit-remaining', String(Math.max(0, o.perMinute - verdict.count)))
    if (!verdict.allowed) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))))
      throw new AppError('RATE_LIMITED', { message: `This API key may make ${o.perMinute} requests a minute; wait and try again.` })
    }
    return key
  }
}

export type RequireKey = ReturnType<typeof keyAccess>
