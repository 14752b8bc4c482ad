import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { isUniqueViolation } from '../db/types.ts'
import { AppError } from '../errors.ts'
import { waitText, type RateLimiter } from '../http/rate-limit.ts'
import { createAccountStore, type Account } from './account-store.ts'
import { recordAudit } from './audit.ts'
import { hashPassword, passwordProblem } from './passwords.ts'
import { accountFieldProblems } from './staff-service.ts'

/** Sign-ups allowed from one address per window; sign-in attempts (any outcome) likewise. */
export const SIGN_UP_LIMIT = { perIp: 5, windowMs: 60 * 60_000 }
export const SIGN_IN_ATTEMPTS = { perIp: 30, windowMs: 10 * 60_000 }

/** Reader accounts: sign-up and display names (sessions are the same as staff's). */
export function createReaderService(deps: { db: Kysely<DB>; limiter: RateLimiter; now: () => Date }) {
  const { db, limiter } = deps

  return {
    /** Creates a reader account, under a per-address limit. */
    async signUp(input: { email: string; displayName: string; password: string; ip: string }): Promise<Account> {
      const problems = accountFieldProblems({ email: input.email, displayName: input.displayName })
      const pw = passwordProblem(input.password)
      if (pw) problems.push({ field: 'password', message: pw })
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The account was not created.', fields: problems })
      const v = await limiter.hit(`signup:ip:${input.ip}`, SIGN_UP_LIMIT.perIp, SIGN_UP_LIMIT.windowMs, deps.now().getTime())
      if (!v.allowed)
        throw new AppError('RATE_LIMITED', { message: `Too many accounts were created from your network. Try again in ${waitText(v.retryAfterMs)}.` })
      const passwordHash = await hashPassword(input.password)
      try {
        return await db.transaction().execute(async (trx) => {
          const account = await createAccountStore(trx).createAccount({
            kind: 'reader',
            email: input.email,
            displayName: input.displayName.replace(/\s+/g, ' ').trim(),
            passwordHash,
          })
          await recordAudit(trx, { actorId: account.id, action: 'account.sign_up', subjectType: 'account', subjectId: account.id, at: deps.now() })
          return account
        })
      } catch (e) {
        if (isUniqueViolation(e)) {
          const message = 'An account with that e-mail address already exists. Sign in instead.'
          throw new AppError('CONFLICT', { message, fields: [{ field: 'email', message }] })
        }
        throw e
      }
    },

    /** Counts a sign-in attempt from an address; throws once there have been too many. */
    async checkSignInAttempt(ip: string): Promise<void> {
      const v = await limiter.hit(`signin:attempts:${ip}`, SIGN_IN_ATTEMPTS.perIp, SIGN_IN_ATTEMPTS.windowMs, deps.now().getTime())
      if (!v.allowed) throw new AppError('RATE_LIMITED', { message: `Too many sign-in attempts from your network. Try again in ${waitText(v.retryAfterMs)}.` })
    },

    /** Changes the name shown with your comments. */
    async rename(accountId: number, displayName: string): Promise<Account> {
      const problems = accountFieldProblems({ displayName })
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: problems[0]!.message, fields: problems })
      const name = displayName.replace(/\s+/g, ' ').trim()
      const a = await createAccountStore(db).updateAccount(accountId, { displayName: name })
      if (!a) throw new AppError('NOT_FOUND')
      await recordAudit(db, {
        actorId: accountId,
        action: 'account.rename',
        subjectType: 'account',
        subjectId: accountId,
        detail: { to: name },
        at: deps.now(),
      })
      return a
    },
  }
}

export type ReaderService = ReturnType<typeof createReaderService>
