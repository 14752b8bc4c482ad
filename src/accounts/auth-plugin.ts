import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import { AppError } from '../errors.ts'
import { wantsJson } from '../http/errors.ts'
import type { Policy } from '../http/policy.ts'
import {
  DEVICE_COOKIE_DAYS,
  randomToken,
  safeEqual,
  SESSION_DAYS,
  type AuthService,
  type Restriction,
  type SignInResult,
  type TokenScope,
} from './auth-service.ts'
import { allows, CSRF_FIELD, type Principal } from '../http/permissions.ts'

export const SESSION_COOKIE = 'dl_session'
export const ANON_CSRF_COOKIE = 'dl_csrf'
/** The challenge between the password and the code, for accounts with two-factor on (5 minutes). */
export const SECOND_FACTOR_COOKIE = 'dl_2fa'
/**
 * A browser that signed in to the account before (a random token, its hash in known_devices): sign-in
 * throttling lets the right password through from it, and a sign-in without it is a new device (a notice by mail).
 */
export const DEVICE_COOKIE = 'dl_device'
export const SECOND_FACTOR_PATH = '/newsroom/sign-in/code'
export { CSRF_FIELD }
export const CSRF_HEADER = 'x-csrf-token'

export interface RequestAuth {
  principal: Principal
  via: 'session' | 'token'
  /** An API token's scopes (a session may do all its role allows). */
  scopes?: readonly TokenScope[]
  csrfToken?: string
  sessionToken?: string
  /** Something the account must do before anything else (see auth-service Restriction). */
  restriction?: Restriction | undefined
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null
  }
  interface FastifyContextConfig {
    /** The API token scope a route needs beyond the default (read for GET, write otherwise, admin on admin routes). */
    scope?: TokenScope
    /** Set false only on public endpoints whose writes are harmless and anonymous (view beacons). */
    csrf?: boolean
    /** Open to an account that must first change its password or set up two-factor (the pages where it does so, sign-out). */
    whileRestricted?: boolean
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Where an account that must change its password or set up two-factor is sent. */
export const ACCOUNT_SETUP_PATH = '/newsroom/account'

/** Where to send someone who must sign in first, by the kind of page they asked for. */
export function signInPath(policy: Policy, next: string): string {
  const base = policy === 'reader' ? '/account/sign-in' : '/newsroom/sign-in'
  return `${base}?next=${encodeURIComponent(next)}`
}

/**
 * A cookie's name on this site: under https with the `__Host-` prefix, which browsers accept only
 * with Secure, Path=/ and no Domain, so no other host or plain-http page can set or shadow it.
 */
export function cookieName(config: Pick<Config, 'siteUrl'>, name: string): string {
  return config.siteUrl.protocol === 'https:' ? `__Host-${name}` : name
}

export function cookieOptions(config: Pick<Config, 'siteUrl'>, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.siteUrl.protocol === 'https:',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  }
}

/**
 * Authenticates every request (session cookie or API bearer token), enforces the route's access
 * policy, and checks the CSRF token on every state-changing request made with a cookie.
 */
export function installAuth(app: FastifyInstance, deps: { auth: AuthService; config: Config }): void {
  const { auth, config } = deps
  app.decorateRequest('auth', null)

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization
    // syndication API keys (dlk_…) are not staff tokens: the routes that take them check them
    if (header !== undefined && !header.startsWith('Bearer dlk_')) {
      const m = /^Bearer (\S+)$/.exec(header)
      const found = m ? await auth.authenticateApiToken(m[1]!) : undefined
      if (!found) throw new AppError('UNAUTHENTICATED', { message: 'The API token is not valid, has expired or has been revoked.' })
      request.auth = { principal: found.principal, via: 'token', scopes: found.scopes }
    } else {
      const token = request.cookies[cookieName(config, SESSION_COOKIE)]
      if (token) {
        const session = await auth.authenticateSession(token)
        if (session)
          request.auth = { principal: session.principal, via: 'session', csrfToken: session.csrfToken, sessionToken: token, restriction: session.restriction }
        else reply.clearCookie(cookieName(config, SESSION_COOKIE), cookieOptions(config))
      }
    }
    const policy = request.routeOptions.config?.policy
    if (!policy) return // the not-found handler
    const who = request.auth?.principal ?? null
    if (request.auth?.via === 'token' && policy !== 'public') requireScope(request, scopeFor(request.method, policy, request.routeOptions.config?.scope))
    if (allows(policy, who)) {
      // a one-time password must be replaced (and, where required, two-factor set up) before anything else
      if (request.auth?.restriction && policy !== 'public' && !request.routeOptions.config?.whileRestricted) {
        if (!wantsJson(request) && request.method === 'GET') return reply.redirect(ACCOUNT_SETUP_PATH, 303)
        throw new AppError('ACCOUNT_ACTION_REQUIRED')
      }
      return
    }
    if (!who) {
      if (!wantsJson(request) && request.method === 'GET') return reply.redirect(signInPath(policy, request.url), 303)
      throw new AppError('UNAUTHENTICATED')
    }
    throw new AppError('FORBIDDEN')
  })

  // After the body is parsed (forms carry the token in it) but before it is validated: a forged
  // request is refused as forged, whatever its body.
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return
    if (!request.routeOptions.config?.policy) return
    if (request.auth?.via === 'token') return // not cookie-authenticated: CSRF does not apply
    const sent = (request.headers[CSRF_HEADER] as string | undefined) ?? (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD]
    const expected = request.auth?.csrfToken ?? request.cookies[cookieName(config, ANON_CSRF_COOKIE)]
    if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) throw new AppError('CSRF_INVALID')
  })
}

/** The scope a route needs from an API token. */
export function scopeFor(method: string, policy: string, declared: TokenScope | undefined): TokenScope {
  if (policy === 'admin') return 'admin'
  return declared ?? (SAFE_METHODS.has(method) ? 'read' : 'write')
}

/** Refuses a request made with an API token that lacks `scope` (sessions pass: their role decides). */
export function requireScope(request: FastifyRequest, scope: TokenScope): void {
  const a = request.auth
  if (a?.via !== 'token' || a.scopes?.includes(scope)) return
  throw new AppError('FORBIDDEN', { message: `This API token lacks the "${scope}" scope.` })
}

/** The CSRF token to put in a form: the session's, or an anonymous one kept in a cookie. */
export function formCsrfToken(request: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'siteUrl'>): string {
  if (request.auth?.csrfToken) return request.auth.csrfToken
  let token = request.cookies[cookieName(config, ANON_CSRF_COOKIE)]
  if (!token || token.length > 100) {
    token = randomToken(24)
    reply.setCookie(cookieName(config, ANON_CSRF_COOKIE), token, cookieOptions(config, 2 * 3600))
  }
  return token
}

/** Sets the cookies a sign-in calls for; returns where the browser goes next (the code step, when two-factor is on). */
export function applySignIn(reply: FastifyReply, config: Pick<Config, 'siteUrl'>, s: SignInResult, next: string): string {
  if (s.secondFactor !== undefined) {
    reply.setCookie(cookieName(config, SECOND_FACTOR_COOKIE), s.secondFactor, cookieOptions(config, 300))
    return `${SECOND_FACTOR_PATH}?next=${encodeURIComponent(next)}`
  }
  reply.setCookie(cookieName(config, SESSION_COOKIE), s.token, cookieOptions(config, SESSION_DAYS * 86400))
  reply.setCookie(cookieName(config, DEVICE_COOKIE), s.deviceToken, cookieOptions(config, DEVICE_COOKIE_DAYS * 86400))
  reply.clearCookie(cookieName(config, SECOND_FACTOR_COOKIE), cookieOptions(config))
  return next
}
