import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import { AppError } from '../errors.ts'
import { recordAudit } from './audit.ts'
import { verifyPassword } from './passwords.ts'
import { tokenHash } from './tokens.ts'
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp.ts'

export const RECOVERY_CODE_COUNT = 10

/** A recovery code: 80 random bits as four groups of four base32 letters and digits. */
function newRecoveryCode(): string {
  return base32Encode(randomBytes(10)).toLowerCase().match(/.{4}/g)!.join('-')
}

/** The form a recovery code is compared in: spaces, dashes and case do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase()
}

/** Checks a second-factor code (TOTP, or a recovery code) and uses it up; which kind worked, or undefined. */
export async function useSecondFactor(db: Queryable, accountId: number, code: string, now: Date): Promise<'totp' | 'recovery' | undefined> {
  const typed = code.replace(/\s/g, '')
  if (/^\d{6}$/.test(typed)) {
    const a = await db.selectFrom('accounts').select(['totp_secret', 'totp_last_step']).where('id', '=', accountId).executeTakeFirst()
    if (!a?.totp_secret) return undefined
    const step = matchTotp(a.totp_secret, typed, now, a.totp_last_step)
    if (step === undefined) return undefined
    // a code is good once: of two sign-ins racing with it, one moves the last step on
    const r = await db
      .updateTable('accounts')
      .set({ totp_last_step: step })
      .where('id', '=', accountId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1 ? 'totp' : undefined
  }
  const normalized = normalizeRecoveryCode(code)
  if (!/^[a-z2-7]{16}$/.test(normalized)) return undefined
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', tokenHash(normalized))
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1 ? 'recovery' : undefined
}

async function replaceRecoveryCodes(db: Queryable, accountId: number, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute()
  await db
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ account_id: accountId, code_hash: tokenHash(normalizeRecoveryCode(c)), created_at: now })))
    .execute()
  return codes
}

/** Setting up, using and turning off two-factor sign-in (TOTP, RFC 6238) with recovery codes. */
export function createTwoFactorService(deps: { db: Kysely<DB>; now: () => Date; issuer: string }) {
  const { db } = deps

  return {
    /** The secret being set up (made on first ask, kept until confirmed) and its otpauth:// URI. */
    async beginSetup(accountId: number): Promise<{ secret: string; uri: string; enabled: boolean }> {
      const a = await db
        .selectFrom('accounts')
        .select(['email', 'totp_pending_secret', 'totp_enabled_at'])
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow()
      let secret = a.totp_pending_secret
      if (!secret) {
        secret = newTotpSecret()
        await db.updateTable('accounts').set({ totp_pending_secret: secret }).where('id', '=', accountId).execute()
      }
      return { secret, uri: otpauthUri({ issuer: deps.issuer, account: a.email, secret }), enabled: a.totp_enabled_at !== null }
    },

    /** Turns two-factor on once a code from the app matches the pending secret; returns the recovery codes (shown once). */
    async confirmSetup(accountId: number, code: string): Promise<string[]> {
      const now = deps.now()
      return db.transaction().execute(async (trx) => {
        const a = await trx.selectFrom('accounts').select(['totp_pending_secret']).where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow()
        const step = a.totp_pending_secret ? matchTotp(a.totp_pending_secret, code.replace(/\s/g, ''), now, null) : undefined
        if (step === undefined)
          throw new AppError('VALIDATION_FAILED', {
            message: 'That code does not match. Check the time on your phone and type the 6 digits the app shows now.',
            fields: [{ field: 'code', message: 'That code does not match. Type the 6 digits the app shows now.' }],
          })
        await trx
          .updateTable('accounts')
          .set({ totp_secret: a.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step })
          .where('id', '=', accountId)
          .execute()
        const codes = await replaceRecoveryCodes(trx, accountId, now)
        await recordAudit(trx, { actorId: accountId, action: 'account.two_factor.enable', subjectType: 'account', subjectId: accountId, at: now })
        return codes
      })
    },

    /** New recovery codes (the old ones stop working), after a current code. */
    async regenerateRecoveryCodes(accountId: number, code: string): Promise<string[]> {
      const now = deps.now()
      if ((await useSecondFactor(db, accountId, code, now)) !== 'totp')
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'code', message: 'Type the 6 digits your app shows now.' }] })
      const codes = await db.transaction().execute((trx) => replaceRecoveryCodes(trx, accountId, now))
      await recordAudit(db, { actorId: accountId, action: 'account.two_factor.recovery_codes', subjectType: 'account', subjectId: accountId, at: now })
      return codes
    },

    /** Recovery codes not yet used. */
    async countRecoveryCodes(accountId: number): Promise<number> {
      const r = await db
        .selectFrom('recovery_codes')
        .select(sql<number>`count(*)`.as('n'))
        .where('account_id', '=', accountId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },

    /** Turns two-factor off: by its owner (password and a code), or by an admin for someone who lost both. */
    async disable(accountId: number, o: { actorId: number; password?: string; code?: string }): Promise<void> {
      const now = deps.now()
      if (o.actorId === accountId) {
        const a = await db.selectFrom('accounts').select('password_hash').where('id', '=', accountId).executeTakeFirstOrThrow()
        const problems = []
        if (!(await verifyPassword(a.password_hash, o.password ?? ''))) problems.push({ field: 'password', message: 'That is not your password.' })
        else if (!(await useSecondFactor(db, accountId, o.code ?? '', now)))
          problems.push({ field: 'code', message: 'Type the 6 digits your app shows now, or a recovery code.' })
        if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'Two-factor sign-in is still on.', fields: problems })
      }
      await db
        .updateTable('accounts')
        .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null })
        .where('id', '=', accountId)
        .execute()
      await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute()
      await recordAudit(db, {
        actorId: o.actorId,
        action: 'account.two_factor.disable',
        subjectType: 'account',
        subjectId: accountId,
        detail: o.actorId === accountId ? {} : { by: 'admin' },
        at: now,
      })
    },
  }
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>
