import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { waitText, type RateLimiter } from '../http/rate-limit.ts'
import { createAccountStore, normalizeEmail, type Account } from './account-store.ts'
import { recordAudit } from './audit.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { randomToken, tokenHash } from './tokens.ts'
import { createTokenStore } from './account-tokens.ts'
import { useSecondFactor } from './two-factor.ts'
import type { Principal } from '../http/permissions.ts'

export const SESSION_DAYS = 30
const SESSION_MS = SESSION_DAYS * 86_400_000
// Refresh last_seen/expiry at most this often, so reading pages does not write on every request.
const TOUCH_MS = 5 * 60_000
export const SIGN_IN_LIMIT = { perAccount: 10, perIp: 50, windowMs: 15 * 60_000 }

/** What a signed-in account must do before anything else (a one-time password; an admin without two-factor when required). */
export type Restriction = 'change_password' | 'set_up_two_factor'

export interface SessionInfo {
  principal: Principal
  csrfToken: string
  idHash: string
  restriction?: Restriction | undefined
}

/** A signed-in session, or (for accounts with two-factor on) the challenge to answer with a code. */
export type SignInResult =
  { token: string; csrfToken: string; principal: Principal; deviceId: string; secondFactor?: undefined } | { secondFactor: string; principal: Principal }

/** Wrong codes one second-factor challenge takes before the password must be given again. */
export const SECOND_FACTOR_TRIES = 5

export interface SignInContext {
  ip: string
  userAgent: string
  previousToken?: string | undefined
  /** The browser's device cookie, if it has one. */
  deviceId?: string | undefined
}

export { randomToken, safeEqual, tokenHash } from './tokens.ts'

function principalOf(a: Account): Principal {
  return { id: a.id, kind: a.kind, role: a.role, email: a.email, displayName: a.displayName, personId: a.personId }
}

let dummyHash: Promise<string> | undefined

/** Sign-in, sessions and API tokens. */
export function createAuthService(deps: {
  db: Kysely<DB>
  limiter: RateLimiter
  now: () => Date
  /** 'required': admins without two-factor must set it up before anything else. */
  adminTwoFactor?: 'optional' | 'required'
  /** Called when an account signs in from a browser it has not used before (to mail a notice). */
  onNewDevice?: (account: Account, d: { at: Date; ip: string; userAgent: string }) => Promise<unknown>
}) {
  const { db, limiter } = deps
  const accounts = createAccountStore(db)
  const tokens = createTokenStore(db)

  /** Remembers the browser for the account; true when it had not been seen with it before. */
  async function rememberDevice(account: Account, deviceId: string, userAgent: string): Promise<boolean> {
    const now = deps.now()
    const r = await db
      .insertInto('known_devices')
      .values({ account_id: account.id, device_hash: tokenHash(deviceId), first_seen_at: now, last_seen_at: now, user_agent: userAgent.slice(0, 300) })
      .onConflict((oc) => oc.columns(['account_id', 'device_hash']).doUpdateSet({ last_seen_at: now }))
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow()
    return r.inserted
  }

  /** The end of every sign-in: the old session ends, a new one starts, the browser is remembered. */
  async function completeSignIn(found: Account, input: SignInContext, detail: Record<string, unknown> = {}): Promise<SignInResult> {
    if (input.previousToken) await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(input.previousToken)).execute()
    const firstEver = found.lastSignInAt === null
    await accounts.updateAccount(found.id, { lastSignInAt: deps.now() })
    const session = await startSession(found, input.userAgent)
    const deviceId = input.deviceId && /^[A-Za-z0-9_-]{20,64}$/.test(input.deviceId) ? input.deviceId : randomToken(24)
    const isNew = await rememberDevice(found, deviceId, input.userAgent)
    await recordAudit(db, {
      actorId: found.id,
      action: 'account.sign_in',
      subjectType: 'account',
      subjectId: found.id,
      detail: { ...detail, ...(isNew ? { newDevice: true } : {}) },
      at: deps.now(),
    })
    // the very first sign-in is not news; later ones from an unknown browser are
    if (isNew && !firstEver && found.notifyNewDevice && deps.onNewDevice)
      await deps.onNewDevice(found, { at: deps.now(), ip: input.ip, userAgent: input.userAgent }).catch(() => undefined)
    return { ...session, principal: principalOf(found), deviceId }
  }

  async function startSession(account: Account, userAgent: string): Promise<{ token: string; csrfToken: string }> {
    const token = randomToken()
    const csrfToken = randomToken(24)
    const now = deps.now()
    await db
      .insertInto('sessions')
      .values({
        id_hash: tokenHash(token),
        account_id: account.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + SESSION_MS),
        user_agent: userAgent.slice(0, 300),
      })
      .execute()
    return { token, csrfToken }
  }

  return {
    /**
     * Checks e-mail and password under per-account and per-IP limits on failures, then starts a
     * new session (the previous one, if any, is ended: sessions rotate on sign-in).
     */
    async signIn(input: SignInContext & { email: string; password: string; kind?: 'staff' | 'reader' }): Promise<SignInResult> {
      const email = normalizeEmail(input.email)
      const now = deps.now().getTime()
      const accountKey = `signin:account:${email}`
      const ipKey = `signin:ip:${input.ip}`
      for (const [key, limit] of [
        [accountKey, SIGN_IN_LIMIT.perAccount],
        [ipKey, SIGN_IN_LIMIT.perIp],
      ] as const) {
        const v = await limiter.peek(key, limit, SIGN_IN_LIMIT.windowMs, now)
        if (!v.allowed) {
          throw new AppError('RATE_LIMITED', {
            message: `Too many failed sign-in attempts${key === accountKey ? ' for this account' : ' from your network'}. Try again in ${waitText(v.retryAfterMs)}.`,
          })
        }
      }
      const found = await accounts.findAccountByEmail(email)
      dummyHash ??= hashPassword(randomToken())
      const ok = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password)
      const usable = found && ok && !found.disabledAt && (!input.kind || found.kind === input.kind || (input.kind === 'reader' && found.kind === 'staff'))
      if (!usable) {
        await limiter.hit(accountKey, SIGN_IN_LIMIT.perAccount, SIGN_IN_LIMIT.windowMs, now)
        await limiter.hit(ipKey, SIGN_IN_LIMIT.perIp, SIGN_IN_LIMIT.windowMs, now)
        if (found && ok && found.disabledAt) throw new AppError('FORBIDDEN', { message: 'This account has been disabled. Ask an administrator.' })
        throw new AppError('UNAUTHENTICATED', { message: 'That e-mail and password do not match an account.' })
      }
      await limiter.reset(accountKey)
      if (found.twoFactor) {
        // the password was right; the session starts only once a code is given too
        const challenge = await tokens.issueToken({ accountId: found.id, purpose: 'second_factor', now: deps.now() })
        return { secondFactor: challenge, principal: principalOf(found) }
      }
      return completeSignIn(found, input)
    },

    /**
     * The second step of a sign-in with two-factor on: a code from the app (or a recovery code,
     * good once) against the challenge the password step gave. A few wrong codes end the challenge.
     */
    async signInSecondFactor(input: SignInContext & { challenge: string; code: string }): Promise<SignInResult> {
      const now = deps.now()
      const pending = await tokens.peekToken(input.challenge, 'second_factor', now)
      if (!pending || pending.failures >= SECOND_FACTOR_TRIES)
        throw new AppError('UNAUTHENTICATED', { message: 'The sign-in has expired or had too many wrong codes. Sign in again with your password.' })
      const account = await accounts.getAccount(pending.accountId)
      if (!account || account.disabledAt) throw new AppError('UNAUTHENTICATED', { message: 'Sign in again with your password.' })
      const accountKey = `signin:account:${account.email}`
      const limit = await limiter.peek(accountKey, SIGN_IN_LIMIT.perAccount, SIGN_IN_LIMIT.windowMs, now.getTime())
      if (!limit.allowed)
        throw new AppError('RATE_LIMITED', { message: `Too many failed sign-in attempts for this account. Try again in ${waitText(limit.retryAfterMs)}.` })
      const used = await useSecondFactor(db, account.id, input.code.slice(0, 100), now)
      if (!used) {
        await tokens.countFailure(input.challenge, now)
        await limiter.hit(accountKey, SIGN_IN_LIMIT.perAccount, SIGN_IN_LIMIT.windowMs, now.getTime())
        throw new AppError('UNAUTHENTICATED', { message: 'That code is not right. Type the 6 digits your app shows now, or one of your recovery codes.' })
      }
      if (!(await tokens.consumeToken(input.challenge, 'second_factor', now)))
        throw new AppError('UNAUTHENTICATED', { message: 'The sign-in has expired. Sign in again with your password.' })
      await limiter.reset(accountKey)
      return completeSignIn(account, input, { secondFactor: used })
    },

    startSession,

    /** The session behind a cookie token, refreshed now and then; undefined when unknown, expired or disabled. */
    async authenticateSession(token: string): Promise<SessionInfo | undefined> {
      if (!token || token.length > 100) return undefined
      const idHash = tokenHash(token)
      const row = await db
        .selectFrom('sessions')
        .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
        .select([
          'sessions.csrf_token',
          'sessions.expires_at',
          'sessions.last_seen_at',
          'accounts.id',
          'accounts.kind',
          'accounts.role',
          'accounts.email',
          'accounts.display_name',
          'accounts.person_id',
          'accounts.disabled_at',
          'accounts.must_change_password',
          'accounts.totp_enabled_at',
        ])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst()
      const now = deps.now()
      if (!row || row.expires_at <= now || row.disabled_at) return undefined
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_MS) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_MS) })
          .where('id_hash', '=', idHash)
          .execute()
      }
      const restriction: Restriction | undefined = row.must_change_password
        ? 'change_password'
        : deps.adminTwoFactor === 'required' && row.role === 'admin' && row.totp_enabled_at === null
          ? 'set_up_two_factor'
          : undefined
      return {
        idHash,
        csrfToken: row.csrf_token,
        principal: { id: row.id, kind: row.kind, role: row.role, email: row.email, displayName: row.display_name, personId: row.person_id },
        restriction,
      }
    },

    async endSession(token: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(token)).execute()
    },

    /** Ends every session of an account (password reset, disabling, "sign out everywhere"). */
    async endAllSessions(accountId: number): Promise<number> {
      const r = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst()
      return Number(r.numDeletedRows)
    },

    async deleteExpiredSessions(): Promise<void> {
      await db.deleteFrom('sessions').where('expires_at', '<', deps.now()).execute()
    },

    /** Creates an API token; the plain token is returned once and only its hash is kept. */
    async createApiToken(accountId: number, name: string): Promise<{ id: number; token: string; prefix: string }> {
      const token = `dl_${randomToken(30)}`
      const prefix = token.slice(0, 10)
      const r = await db
        .insertInto('api_tokens')
        .values({ account_id: accountId, name, token_hash: tokenHash(token), prefix, created_at: deps.now() })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(db, {
        actorId: accountId,
        action: 'api_token.create',
        subjectType: 'account',
        subjectId: accountId,
        detail: { tokenId: r.id, name },
        at: deps.now(),
      })
      return { id: r.id, token, prefix }
    },

    async listApiTokens(accountId: number) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .execute()
    },

    async revokeApiToken(accountId: number, tokenId: number): Promise<boolean> {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: deps.now() })
        .where('id', '=', tokenId)
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      const done = Number(r.numUpdatedRows) === 1
      if (done)
        await recordAudit(db, {
          actorId: accountId,
          action: 'api_token.revoke',
          subjectType: 'account',
          subjectId: accountId,
          detail: { tokenId },
          at: deps.now(),
        })
      return done
    },

    /** The account behind a bearer token; undefined when unknown, revoked or disabled. */
    async authenticateApiToken(token: string): Promise<Principal | undefined> {
      if (!token.startsWith('dl_') || token.length > 100) return undefined
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.last_used_at',
          'accounts.id',
          'accounts.kind',
          'accounts.role',
          'accounts.email',
          'accounts.display_name',
          'accounts.person_id',
          'accounts.disabled_at',
        ])
        .where('api_tokens.token_hash', '=', tokenHash(token))
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst()
      if (!row || row.disabled_at) return undefined
      const now = deps.now()
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_MS) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute()
      }
      return { id: row.id, kind: row.kind, role: row.role, email: row.email, displayName: row.display_name, personId: row.person_id }
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
