import { revokeAllApiTokens } from './auth-service.ts'
import { sql, type Kysely } from 'kysely'
import { createPeopleStore } from '../content/people-store.ts'
import type { DB } from '../db/schema.ts'
import { isUniqueViolation } from '../db/types.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import { createAccountStore, normalizeEmail, type Account } from './account-store.ts'
import { recordAudit } from './audit.ts'
import { generatePassword, hashPassword, passwordProblem } from './passwords.ts'
import { STAFF_ROLES, type StaffRole } from './tables.ts'

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$|^[^\s@<>()]+@localhost$/

/** Problems with an e-mail address, display name or role, each naming its field. */
export function accountFieldProblems(input: { email?: string; displayName?: string; role?: string }): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (input.email !== undefined) {
    const e = normalizeEmail(input.email)
    if (!EMAIL.test(e) || e.length > 254) problems.push({ field: 'email', message: 'Give a valid e-mail address, like name@example.com.' })
  }
  if (input.displayName !== undefined) {
    const n = input.displayName.replace(/\s+/g, ' ').trim()
    if (n.length < 1 || n.length > 80) problems.push({ field: 'displayName', message: 'The name must be 1 to 80 characters.' })
    else if (/[<>]/.test(n) || /[\u0000-\u001f]/.test(n))
      problems.push({ field: 'displayName', message: 'The name may not contain < or > or control characters.' })
  }
  if (input.role !== undefined && !STAFF_ROLES.includes(input.role as StaffRole)) {
    problems.push({ field: 'role', message: `The role must be one of ${STAFF_ROLES.join(', ')}.` })
  }
  return problems
}

/** Any fixed number: the advisory lock under which the first administrator is made. */
const FIRST_ADMIN_LOCK = 731_004_001

/** Inserts a staff account and its byline, and records it, in the caller's transaction. */
async function insertStaff(
  trx: Kysely<DB>,
  a: { email: string; displayName: string; role: StaffRole; passwordHash: string; mustChangePassword: boolean },
  actorId: number | null,
  at: Date,
): Promise<Account> {
  const person = await createPeopleStore(trx).findOrCreatePerson(a.displayName)
  const account = await createAccountStore(trx).createAccount({
    kind: 'staff',
    email: a.email,
    displayName: a.displayName,
    passwordHash: a.passwordHash,
    role: a.role,
    personId: person.id,
    mustChangePassword: a.mustChangePassword,
  })
  await recordAudit(trx, { actorId, action: 'account.create', subjectType: 'account', subjectId: account.id, detail: { role: a.role }, at })
  return account
}

/** Staff accounts: creation (with a byline), roles, passwords, disabling. */
export function createStaffService(deps: { db: Kysely<DB>; now: () => Date }) {
  const { db } = deps

  return {
    /** Creates a staff account and its byline; generates a password when none is given. */
    async createStaff(
      input: { email: string; displayName: string; role: StaffRole; password?: string | undefined },
      actorId: number | null = null,
    ): Promise<{ account: Account; password: string; generated: boolean }> {
      const problems = accountFieldProblems(input)
      const password = input.password ?? generatePassword()
      const pw = passwordProblem(password)
      if (pw) problems.push({ field: 'password', message: pw })
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The account was not created.', fields: problems })
      const passwordHash = await hashPassword(password)
      const displayName = input.displayName.replace(/\s+/g, ' ').trim()
      try {
        // a generated password is a one-time password: the first sign-in must choose a new one
        const account = await db
          .transaction()
          .execute((trx) => insertStaff(trx, { ...input, displayName, passwordHash, mustChangePassword: input.password === undefined }, actorId, deps.now()))
        return { account, password, generated: input.password === undefined }
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('CONFLICT', {
            message: 'An account with that e-mail address already exists.',
            fields: [{ field: 'email', message: 'An account with that e-mail address already exists.' }],
          })
        throw e
      }
    },

    /**
     * On the first start of an empty database: one admin, whose one-time password is returned to
     * print. Several nodes starting at once on the same empty database make one admin between them
     * (a transaction-scoped advisory lock), and the others start normally.
     */
    async ensureFirstAdmin(email = 'admin@dateline.local'): Promise<{ email: string; password: string } | undefined> {
      if ((await createAccountStore(db).countStaff()) > 0) return undefined
      const problems = accountFieldProblems({ email })
      if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The first administrator was not created.', fields: problems })
      const password = generatePassword()
      const passwordHash = await hashPassword(password)
      const made = await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`.execute(trx)
        if ((await createAccountStore(trx).countStaff()) > 0) return false
        await insertStaff(trx, { email, displayName: 'Administrator', role: 'admin', passwordHash, mustChangePassword: true }, null, deps.now())
        return true
      })
      return made ? { email, password } : undefined
    },

    /**
     * Sets a new password (generated when none given: a one-time password, to be changed at the next
     * sign-in) and ends every session of the account.
     */
    async resetPassword(email: string, password?: string, actorId: number | null = null): Promise<{ password: string; generated: boolean }> {
      const store = createAccountStore(db)
      const found = await store.findAccountByEmail(email)
      if (!found) throw new AppError('NOT_FOUND', { message: `No account has the e-mail address ${normalizeEmail(email)}.` })
      const next = password ?? generatePassword()
      const problem = passwordProblem(next)
      if (problem) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'password', message: problem }] })
      await store.updateAccount(found.id, { passwordHash: await hashPassword(next), mustChangePassword: password === undefined })
      await db.deleteFrom('sessions').where('account_id', '=', found.id).execute()
      // a token made with the old password must not outlive it (issue 14)
      const tokens = await revokeAllApiTokens(db, found.id, 'its owner’s password was reset', deps.now())
      await recordAudit(db, {
        actorId,
        action: 'account.reset_password',
        detail: { tokensRevoked: tokens },
        subjectType: 'account',
        subjectId: found.id,
        at: deps.now(),
      })
      return { password: next, generated: password === undefined }
    },

    async setRole(accountId: number, role: StaffRole, actorId: number): Promise<Account> {
      const problems = accountFieldProblems({ role })
      if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems })
      const store = createAccountStore(db)
      const a = await store.getAccount(accountId)
      if (!a || a.kind !== 'staff') throw new AppError('NOT_FOUND', { message: 'That staff account does not exist.' })
      if (a.role === 'admin' && role !== 'admin') await this.assertAnotherAdmin(accountId)
      const updated = (await store.updateAccount(accountId, { role }))!
      await recordAudit(db, {
        actorId,
        action: 'account.set_role',
        subjectType: 'account',
        subjectId: accountId,
        detail: { from: a.role, to: role },
        at: deps.now(),
      })
      return updated
    },

    /** Disables (and signs out everywhere) or re-enables an account. */
    async setDisabled(accountId: number, disabled: boolean, actorId: number): Promise<Account> {
      const store = createAccountStore(db)
      const a = await store.getAccount(accountId)
      if (!a) throw new AppError('NOT_FOUND', { message: 'That account does not exist.' })
      if (disabled && a.id === actorId) throw new AppError('CONFLICT', { message: 'You cannot disable your own account.' })
      if (disabled && a.role === 'admin') await this.assertAnotherAdmin(accountId)
      const updated = (await store.updateAccount(accountId, { disabledAt: disabled ? deps.now() : null }))!
      if (disabled) {
        await db.deleteFrom('sessions').where('account_id', '=', accountId).execute()
        await revokeAllApiTokens(db, accountId, 'its owner’s account was disabled', deps.now())
      }
      await recordAudit(db, { actorId, action: disabled ? 'account.disable' : 'account.enable', subjectType: 'account', subjectId: accountId, at: deps.now() })
      return updated
    },

    async assertAnotherAdmin(exceptId: number): Promise<void> {
      const others = await db
        .selectFrom('accounts')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('id', '<>', exceptId)
        .executeTakeFirst()
      if (!others) throw new AppError('CONFLICT', { message: 'The site must keep at least one active administrator.' })
    },
  }
}

export type StaffService = ReturnType<typeof createStaffService>
