import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { waitText, type RateLimiter } from '../http/rate-limit.ts'
import { createAccountStore, normalizeEmail, type Account } from './account-store.ts'
import { recordAudit } from './audit.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { randomToken, tokenHash } from './tokens.ts'
import type { Principal } from '../http/permissions.ts'

export const SESSION_DAYS = 30
const SESSION_MS = SESSION_DAYS * 86_400_000
// Refresh last_seen/expiry at most this often, so reading pages does not write on every request.
const TOUCH_MS = 5 * 60_000
export const SIGN_IN_LIMIT = { perAccount: 10, perIp: 50, windowMs: 15 * 60_000 }

export interface SessionInfo {
  principal: Principal
  csrfToken: string
  idHash: string
}

export { randomToken, safeEqual, tokenHash } from './tokens.ts'

function principalOf(a: Account): Principal {
  return { id: a.id, kind: a.kind, role: a.role, email: a.email, displayName: a.displayName, personId: a.personId }
}

let dummyHash: Promise<string> | undefined

/** Sign-in, sessions and API tokens. */
export function createAuthService(deps: { db: Kysely<DB>; limiter: RateLimiter; now: () => Date }) {
  const { db, limiter } = deps
  const accounts = createAccountStore(db)

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
    async signIn(input: { email: string; password: string; ip: string; userAgent: string; previousToken?: string | undefined; kind?: 'staff' | 'reader' }) {
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
      if (input.previousToken) await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(input.previousToken)).execute()
      await accounts.updateAccount(found.id, { lastSignInAt: deps.now() })
      const session = await startSession(found, input.userAgent)
      await recordAudit(db, { actorId: found.id, action: 'account.sign_in', subjectType: 'account', subjectId: found.id, at: deps.now() })
      return { ...session, principal: principalOf(found) }
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
      return {
        idHash,
        csrfToken: row.csrf_token,
        principal: { id: row.id, kind: row.kind, role: row.role, email: row.email, displayName: row.display_name, personId: row.person_id },
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
