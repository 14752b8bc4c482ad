import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { waitText, type RateLimiter } from '../http/rate-limit.ts'
import { createAccountStore, normalizeEmail, type Account } from './account-store.ts'
import type { AccountMail } from './account-mail.ts'
import { createTokenStore } from './account-tokens.ts'
import { recordAudit } from './audit.ts'
import { hashPassword, passwordProblem } from './passwords.ts'

/** Requests for reset links from one address, and mails to one account, per window. */
export const RESET_LIMIT = { perIp: 10, perAccount: 3, windowMs: 60 * 60_000 }
export const VERIFY_LIMIT = { perAccount: 3, windowMs: 60 * 60_000 }
/** Tries at a reset or verification link per address (guessing tokens is hopeless, but cheap to refuse). */
export const LINK_LIMIT = { perIp: 30, windowMs: 15 * 60_000 }

/**
 * Getting back into an account: forgotten passwords (a mailed, single-use, expiring link; the same
 * answer whether or not the address has an account) and verifying a reader's address.
 */
export function createRecoveryService(deps: { db: Kysely<DB>; limiter: RateLimiter; now: () => Date; mail: AccountMail; log: Pick<Logger, 'error'> }) {
  const { db, limiter, mail } = deps
  const accounts = createAccountStore(db)
  const tokens = createTokenStore(db)

  const limit = async (key: string, max: number, windowMs: number, message: string) => {
    const v = await limiter.hit(key, max, windowMs, deps.now().getTime())
    if (!v.allowed) throw new AppError('RATE_LIMITED', { message: `${message} Try again in ${waitText(v.retryAfterMs)}.` })
  }

  async function sendReset(email: string): Promise<void> {
    const found = await accounts.findAccountByEmail(email)
    if (!found || found.disabledAt) return
    // more mails to one address are dropped quietly: a visible limit would tell that the account exists
    const v = await limiter.hit(`reset:account:${found.id}`, RESET_LIMIT.perAccount, RESET_LIMIT.windowMs, deps.now().getTime())
    if (!v.allowed) return
    const token = await tokens.issueToken({ accountId: found.id, purpose: 'reset_password', email: found.email, now: deps.now() })
    await mail.resetPassword(found, token)
  }

  return {
    /** Whether mail can be sent at all (pages say so when it cannot). */
    get mailAvailable() {
      return mail.available
    },

    /**
     * Mails a reset link if the address has an account. Answers the same, in the same time, either
     * way: the lookup and the mail happen after the answer.
     */
    async requestPasswordReset(email: string, ip: string): Promise<void> {
      await limit(`reset:ip:${ip}`, RESET_LIMIT.perIp, RESET_LIMIT.windowMs, 'Too many reset requests from your network.')
      const normalized = normalizeEmail(email).slice(0, 254)
      if (!normalized.includes('@')) return
      setImmediate(() => void sendReset(normalized).catch((err) => deps.log.error({ err }, 'could not send a password reset')))
    },

    /** Whether a reset link is still good (unused, unexpired), without using it up. */
    async resetLinkWorks(token: string, ip: string): Promise<boolean> {
      await limit(`link:ip:${ip}`, LINK_LIMIT.perIp, LINK_LIMIT.windowMs, 'Too many tries from your network.')
      return (await tokens.peekToken(token, 'reset_password', deps.now())) !== undefined
    },

    /**
     * Sets a new password through a reset link: the link is used up, every session of the account
     * ends (and any other reset link with it), and the address counts as verified.
     */
    async resetPassword(token: string, password: string, ip: string): Promise<Account> {
      await limit(`link:ip:${ip}`, LINK_LIMIT.perIp, LINK_LIMIT.windowMs, 'Too many tries from your network.')
      const problem = passwordProblem(password)
      if (problem) throw new AppError('VALIDATION_FAILED', { message: problem, fields: [{ field: 'password', message: problem }] })
      const hash = await hashPassword(password)
      const now = deps.now()
      const done = await db.transaction().execute(async (trx) => {
        const t = createTokenStore(trx)
        const used = await t.consumeToken(token, 'reset_password', now)
        if (!used) return undefined
        const store = createAccountStore(trx)
        const before = await store.getAccount(used.accountId)
        if (!before || before.disabledAt) return undefined
        const account = await store.updateAccount(used.accountId, {
          passwordHash: hash,
          mustChangePassword: false,
          ...(before.emailVerifiedAt === null && used.email === before.email ? { emailVerifiedAt: now } : {}),
        })
        await trx.deleteFrom('sessions').where('account_id', '=', used.accountId).execute()
        await t.revokeTokens(used.accountId, 'reset_password', now)
        await t.revokeTokens(used.accountId, 'second_factor', now)
        await recordAudit(trx, {
          actorId: used.accountId,
          action: 'account.reset_password',
          subjectType: 'account',
          subjectId: used.accountId,
          detail: { via: 'mail' },
          at: now,
        })
        return account
      })
      if (!done) throw new AppError('NOT_FOUND', { message: 'This reset link has expired or has been used. Ask for a new one.' })
      return done
    },

    /** Mails a reader a link that verifies their address (at sign-up, or when they ask again). */
    async sendVerification(account: Account): Promise<void> {
      if (account.emailVerifiedAt) return
      await limit(`verify:account:${account.id}`, VERIFY_LIMIT.perAccount, VERIFY_LIMIT.windowMs, 'We have sent several verification messages already.')
      const token = await tokens.issueToken({ accountId: account.id, purpose: 'verify_email', email: account.email, now: deps.now() })
      await mail.verifyEmail(account, token)
    },

    /** Uses a verification link up: the account's address is verified if it is still the one the link was sent to. */
    async verifyEmail(token: string, ip: string): Promise<Account> {
      await limit(`link:ip:${ip}`, LINK_LIMIT.perIp, LINK_LIMIT.windowMs, 'Too many tries from your network.')
      const now = deps.now()
      const used = await tokens.consumeToken(token, 'verify_email', now)
      const account = used && (await accounts.getAccount(used.accountId))
      if (!used || !account || account.email !== used.email)
        throw new AppError('NOT_FOUND', { message: 'This verification link has expired or has been used. Sign in and ask for a new one.' })
      const updated = account.emailVerifiedAt ? account : (await accounts.updateAccount(account.id, { emailVerifiedAt: now }))!
      await recordAudit(db, { actorId: account.id, action: 'account.verify_email', subjectType: 'account', subjectId: account.id, at: now })
      return updated
    },

    /** Turns new-device notices on or off for an account. */
    async setNotifyNewDevice(accountId: number, on: boolean): Promise<void> {
      await accounts.updateAccount(accountId, { notifyNewDevice: on })
      await recordAudit(db, {
        actorId: accountId,
        action: 'account.notify_new_device',
        subjectType: 'account',
        subjectId: accountId,
        detail: { on },
        at: deps.now(),
      })
    },
  }
}

export type RecoveryService = ReturnType<typeof createRecoveryService>
