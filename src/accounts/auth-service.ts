import type { Kysely } from 'kysely'
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

/** A session's whole life (and its cookie's): it ends this long after sign-in, however much it is used. */
export const SESSION_DAYS = 30
const SESSION_MS = SESSION_DAYS * 86_400_000
/** A session not used for this long ends (a browser left signed in on a shared computer). */
export const SESSION_IDLE_DAYS = 14
const SESSION_IDLE_MS = SESSION_IDLE_DAYS * 86_400_000
// Refresh last_seen/expiry at most this often, so reading pages does not write on every request.
const TOUCH_MS = 5 * 60_000
/**
 * Sign-in throttling (no lockout): failures are counted per address, per account and address (a
 * delay that grows: 5 a minute, 10 a quarter hour, 20 an hour), and per account from unknown devices
 * (a distributed guess). A browser that signed in to the account before (the known-device cookie)
 * is counted on its own, so a stranger's failures never keep the owner out.
 */
export const SIGN_IN_LIMIT = {
  perIp: 50,
  windowMs: 15 * 60_000,
  perAccountAndIp: [
    [5, 60_000],
    [10, 15 * 60_000],
    [20, 60 * 60_000],
  ] as const,
  perAccount: 100,
  perDevice: 10,
  /** wrong second-factor codes per account (each challenge also ends after SECOND_FACTOR_TRIES) */
  perCode: 10,
}
export const DEVICE_COOKIE_DAYS = 365

function throttleKeys(email: string, ip: string): (readonly [string, number, number])[] {
  return [
    ...SIGN_IN_LIMIT.perAccountAndIp.map(([limit, windowMs]) => [`signin:pair:${windowMs}:${email}|${ip}`, limit, windowMs] as const),
    [`signin:ip:${ip}`, SIGN_IN_LIMIT.perIp, SIGN_IN_LIMIT.windowMs] as const,
    [`signin:account:${email}`, SIGN_IN_LIMIT.perAccount, SIGN_IN_LIMIT.windowMs] as const,
  ]
}

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
  { token: string; csrfToken: string; principal: Principal; deviceToken: string; secondFactor?: undefined } | { secondFactor: string; principal: Principal }

/** Wrong codes one second-factor challenge takes before the password must be given again. */
export const SECOND_FACTOR_TRIES = 5

export interface SignInContext {
  ip: string
  userAgent: string
  previousToken?: string | undefined
  /** The browser's known-device cookie, if it has one. */
  deviceToken?: string | undefined
}

export { randomToken, safeEqual, tokenHash } from './tokens.ts'

function principalOf(a: Account): Principal {
  return { id: a.id, kind: a.kind, role: a.role, email: a.email, displayName: a.displayName, personId: a.personId, language: a.language }
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

  /** The known device's hash when `token` is one of this account's devices. */
  async function knownDevice(accountId: number, token: string | undefined): Promise<string | undefined> {
    if (!token || token.length > 100) return undefined
    const hash = tokenHash(token)
    const row = await db.selectFrom('known_devices').select('account_id').where('token_hash', '=', hash).executeTakeFirst()
    if (row?.account_id !== accountId) return undefined
    await db.updateTable('known_devices').set({ last_used_at: deps.now() }).where('token_hash', '=', hash).execute()
    return hash
  }

  async function rememberDevice(accountId: number, userAgent: string): Promise<string> {
    const token = randomToken()
    await db
      .insertInto('known_devices')
      .values({ token_hash: tokenHash(token), account_id: accountId, created_at: deps.now(), last_used_at: deps.now(), user_agent: userAgent.slice(0, 300) })
      .execute()
    // keep the 20 most recent devices of an account
    const old = await db
      .selectFrom('known_devices')
      .select('token_hash')
      .where('account_id', '=', accountId)
      .orderBy('last_used_at', 'desc')
      .offset(20)
      .limit(100)
      .execute()
    if (old.length)
      await db
        .deleteFrom('known_devices')
        .where(
          'token_hash',
          'in',
          old.map((r) => r.token_hash),
        )
        .execute()
    return token
  }

  /**
   * The end of every sign-in: the old session ends, a new one starts, the browser is remembered. A
   * browser without a valid known-device token for this account is a new device: it gets a token
   * (the `dl_device` cookie) and, unless this is the account's first sign-in ever, a notice by mail.
   */
  async function completeSignIn(found: Account, input: SignInContext, detail: Record<string, unknown> = {}): Promise<SignInResult> {
    if (input.previousToken) await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(input.previousToken)).execute()
    const firstEver = found.lastSignInAt === null
    await accounts.updateAccount(found.id, { lastSignInAt: deps.now() })
    const session = await startSession(found, input.userAgent)
    const known = await knownDevice(found.id, input.deviceToken)
    const deviceToken = known ? input.deviceToken! : await rememberDevice(found.id, input.userAgent)
    await recordAudit(db, {
      actorId: found.id,
      action: 'account.sign_in',
      subjectType: 'account',
      subjectId: found.id,
      detail: { ...detail, ...(known ? {} : { newDevice: true }) },
      at: deps.now(),
    })
    // the very first sign-in is not news; later ones from an unknown browser are
    if (!known && !firstEver && found.notifyNewDevice && deps.onNewDevice)
      await deps.onNewDevice(found, { at: deps.now(), ip: input.ip, userAgent: input.userAgent }).catch(() => undefined)
    return { ...session, principal: principalOf(found), deviceToken }
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
        expires_at: new Date(now.getTime() + SESSION_IDLE_MS),
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
      const found = await accounts.findAccountByEmail(email)
      const device = found ? await knownDevice(found.id, input.deviceToken) : undefined
      // a known device answers for itself alone; strangers cannot slow it down
      const keys = device ? [[`signin:device:${device}`, SIGN_IN_LIMIT.perDevice, SIGN_IN_LIMIT.windowMs] as const] : throttleKeys(email, input.ip)
      for (const [key, limit, windowMs] of keys) {
        const v = await limiter.peek(key, limit, windowMs, now)
        if (!v.allowed) {
          const why = key.startsWith('signin:ip:') ? ' from your network' : key.startsWith('signin:account:') ? ' for this account from new devices' : ''
          throw new AppError('RATE_LIMITED', {
            message: `Too many failed sign-in attempts${why}. Try again in ${waitText(v.retryAfterMs)}.`,
            retryAfterSeconds: v.retryAfterMs / 1000,
          })
        }
      }
      dummyHash ??= hashPassword(randomToken())
      const ok = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password)
      const usable = found && ok && !found.disabledAt && (!input.kind || found.kind === input.kind || (input.kind === 'reader' && found.kind === 'staff'))
      if (!usable) {
        for (const [key, limit, windowMs] of keys) await limiter.hit(key, limit, windowMs, now)
        if (found && ok && found.disabledAt) throw new AppError('FORBIDDEN', { message: 'This account has been disabled. Ask an administrator.' })
        throw new AppError('UNAUTHENTICATED', { message: 'That e-mail and password do not match an account.' })
      }
      for (const [key] of keys) if (!key.startsWith('signin:ip:') && !key.startsWith('signin:account:')) await limiter.reset(key)
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
      // wrong codes across challenges, per account (getting a challenge takes the right password)
      const codeKey = `signin:code:${account.id}`
      const limit = await limiter.peek(codeKey, SIGN_IN_LIMIT.perCode, SIGN_IN_LIMIT.windowMs, now.getTime())
      if (!limit.allowed)
        throw new AppError('RATE_LIMITED', {
          message: `Too many wrong codes for this account. Try again in ${waitText(limit.retryAfterMs)}.`,
          retryAfterSeconds: limit.retryAfterMs / 1000,
        })
      const used = await useSecondFactor(db, account.id, input.code.slice(0, 100), now)
      if (!used) {
        await tokens.countFailure(input.challenge, now)
        await limiter.hit(codeKey, SIGN_IN_LIMIT.perCode, SIGN_IN_LIMIT.windowMs, now.getTime())
        throw new AppError('UNAUTHENTICATED', { message: 'That code is not right. Type the 6 digits your app shows now, or one of your recovery codes.' })
      }
      if (!(await tokens.consumeToken(input.challenge, 'second_factor', now)))
        throw new AppError('UNAUTHENTICATED', { message: 'The sign-in has expired. Sign in again with your password.' })
      await limiter.reset(codeKey)
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
          'sessions.created_at',
          'accounts.id',
          'accounts.kind',
          'accounts.role',
          'accounts.email',
          'accounts.display_name',
          'accounts.person_id',
          'accounts.interface_language',
          'accounts.disabled_at',
          'accounts.must_change_password',
          'accounts.totp_enabled_at',
        ])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst()
      const now = deps.now()
      if (!row || row.disabled_at) return undefined
      // idle for too long, or simply too old (the stored expiry may predate these limits)
      const end = row.created_at.getTime() + SESSION_MS
      if (row.expires_at <= now || now.getTime() - row.last_seen_at.getTime() >= SESSION_IDLE_MS || now.getTime() >= end) return undefined
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_MS) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: now, expires_at: new Date(Math.min(now.getTime() + SESSION_IDLE_MS, end)) })
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
        principal: {
          id: row.id,
          kind: row.kind,
          role: row.role,
          email: row.email,
          displayName: row.display_name,
          personId: row.person_id,
          language: row.interface_language,
        },
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
    async createApiToken(
      accountId: number,
      name: string,
      options: { scopes?: readonly TokenScope[]; expiresAt?: Date | undefined } = {},
    ): Promise<{ id: number; token: string; prefix: string; scopes: TokenScope[]; expiresAt: Date | null }> {
      const token = `dl_${randomToken(30)}`
      const prefix = token.slice(0, 10)
      const scopes = TOKEN_SCOPES.filter((s) => (options.scopes ?? DEFAULT_TOKEN_SCOPES).includes(s))
      if (!scopes.length) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'scopes', message: 'Give the token at least one scope.' }] })
      const expiresAt = options.expiresAt ?? null
      const r = await db
        .insertInto('api_tokens')
        .values({ account_id: accountId, name, token_hash: tokenHash(token), prefix, created_at: deps.now(), scopes, expires_at: expiresAt })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(db, {
        actorId: accountId,
        action: 'api_token.create',
        subjectType: 'account',
        subjectId: accountId,
        detail: { tokenId: r.id, name, scopes, expiresAt },
        at: deps.now(),
      })
      return { id: r.id, token, prefix, scopes, expiresAt }
    },

    async listApiTokens(accountId: number) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'revoked_reason', 'scopes', 'expires_at'])
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

    /** The account behind a bearer token and the token's scopes; undefined when unknown, revoked, expired or disabled. */
    async authenticateApiToken(token: string): Promise<{ principal: Principal; scopes: TokenScope[] } | undefined> {
      if (!token.startsWith('dl_') || token.length > 100) return undefined
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.last_used_at',
          'api_tokens.scopes',
          'api_tokens.expires_at',
          'accounts.id',
          'accounts.kind',
          'accounts.role',
          'accounts.email',
          'accounts.display_name',
          'accounts.person_id',
          'accounts.interface_language',
          'accounts.disabled_at',
        ])
        .where('api_tokens.token_hash', '=', tokenHash(token))
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst()
      const now = deps.now()
      if (!row || row.disabled_at || (row.expires_at && row.expires_at <= now)) return undefined
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_MS) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute()
      }
      return {
        principal: {
          id: row.id,
          kind: row.kind,
          role: row.role,
          email: row.email,
          displayName: row.display_name,
          personId: row.person_id,
          language: row.interface_language,
        },
        scopes: TOKEN_SCOPES.filter((s) => row.scopes.includes(s)),
      }
    },
  }
}

/** What an API token may do: read (GET), write (other methods), publish (put live, unpublish, correct), admin (admin-only routes). */
export const TOKEN_SCOPES = ['read', 'write', 'publish', 'admin'] as const
export type TokenScope = (typeof TOKEN_SCOPES)[number]
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write']

/** Revokes every live API token of an account, saying why (shown on the owner's token page). */
export async function revokeAllApiTokens(db: Kysely<DB>, accountId: number, reason: string, now: Date): Promise<number> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export type AuthService = ReturnType<typeof createAuthService>
