import type { Queryable } from '../db/types.ts'
import type { Principal } from '../http/permissions.ts'
import type { StaffRole } from './tables.ts'

export interface Account extends Principal {
  disabledAt: Date | null
  createdAt: Date
  lastSignInAt: Date | null
  emailVerifiedAt: Date | null
  /** Signed in with a one-time password: must choose a new one before anything else. */
  mustChangePassword: boolean
  /** Mail the account when it signs in from a new browser. */
  notifyNewDevice: boolean
  /** Two-factor sign-in (TOTP) is on. */
  twoFactor: boolean
}

type Row = {
  id: number
  kind: 'staff' | 'reader'
  email: string
  display_name: string
  role: StaffRole | null
  person_id: number | null
  disabled_at: Date | null
  created_at: Date
  last_sign_in_at: Date | null
  email_verified_at: Date | null
  must_change_password: boolean
  notify_new_device: boolean
  totp_enabled_at: Date | null
  interface_language: string | null
}

const COLUMNS = [
  'id',
  'kind',
  'email',
  'display_name',
  'role',
  'person_id',
  'disabled_at',
  'created_at',
  'last_sign_in_at',
  'email_verified_at',
  'must_change_password',
  'notify_new_device',
  'totp_enabled_at',
  'interface_language',
] as const

function toAccount(r: Row): Account {
  return {
    id: r.id,
    kind: r.kind,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    personId: r.person_id,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
    emailVerifiedAt: r.email_verified_at,
    mustChangePassword: r.must_change_password,
    notifyNewDevice: r.notify_new_device,
    twoFactor: r.totp_enabled_at !== null,
    language: r.interface_language,
  }
}

export interface NewAccount {
  kind: 'staff' | 'reader'
  email: string
  displayName: string
  passwordHash: string
  role?: StaffRole | null
  personId?: number | null
  mustChangePassword?: boolean
}

/** Normalises an e-mail address for storage and lookup. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Staff and reader accounts. */
export function createAccountStore(db: Queryable, now: () => Date = () => new Date()) {
  // timestamps come from the clock the store is given (services pass theirs; tests a fixed one)
  return {
    async getAccount(id: number): Promise<Account | undefined> {
      const r = await db.selectFrom('accounts').select(COLUMNS).where('id', '=', id).executeTakeFirst()
      return r && toAccount(r)
    },

    async findAccountByEmail(email: string): Promise<(Account & { passwordHash: string }) | undefined> {
      const r = await db
        .selectFrom('accounts')
        .select([...COLUMNS, 'password_hash'])
        .where('email', '=', normalizeEmail(email))
        .executeTakeFirst()
      return r && { ...toAccount(r), passwordHash: r.password_hash }
    },

    async findAccounts(query: { kind?: 'staff' | 'reader'; limit?: number } = {}): Promise<Account[]> {
      let q = db.selectFrom('accounts').select(COLUMNS)
      if (query.kind) q = q.where('kind', '=', query.kind)
      const rows = await q
        .orderBy('kind')
        .orderBy('display_name')
        .limit(query.limit ?? 500)
        .execute()
      return rows.map(toAccount)
    },

    /** The people (bylines) of staff accounts: of those enabled with one of `roles`, or of every staff account when no roles are given. */
    async findStaffPersonIds(roles?: readonly StaffRole[]): Promise<number[]> {
      let q = db.selectFrom('accounts').select('person_id').where('kind', '=', 'staff').where('person_id', 'is not', null)
      if (roles) q = q.where('disabled_at', 'is', null).where('role', 'in', [...roles])
      return (await q.execute()).map((r) => r.person_id!)
    },

    async countStaff(): Promise<number> {
      const r = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'staff')
        .executeTakeFirstOrThrow()
      return Number(r.n)
    },

    async createAccount(a: NewAccount): Promise<Account> {
      const r = await db
        .insertInto('accounts')
        .values({
          kind: a.kind,
          email: normalizeEmail(a.email),
          display_name: a.displayName,
          password_hash: a.passwordHash,
          role: a.kind === 'staff' ? (a.role ?? 'reporter') : null,
          person_id: a.personId ?? null,
          must_change_password: a.mustChangePassword ?? false,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      return toAccount(r)
    },

    async updateAccount(
      id: number,
      patch: {
        displayName?: string
        role?: StaffRole
        passwordHash?: string
        disabledAt?: Date | null
        lastSignInAt?: Date
        personId?: number | null
        mustChangePassword?: boolean
        emailVerifiedAt?: Date | null
        notifyNewDevice?: boolean
        language?: string | null
      },
    ): Promise<Account | undefined> {
      const r = await db
        .updateTable('accounts')
        .set({
          ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
          ...(patch.disabledAt !== undefined ? { disabled_at: patch.disabledAt } : {}),
          ...(patch.lastSignInAt !== undefined ? { last_sign_in_at: patch.lastSignInAt } : {}),
          ...(patch.personId !== undefined ? { person_id: patch.personId } : {}),
          ...(patch.mustChangePassword !== undefined ? { must_change_password: patch.mustChangePassword } : {}),
          ...(patch.emailVerifiedAt !== undefined ? { email_verified_at: patch.emailVerifiedAt } : {}),
          ...(patch.notifyNewDevice !== undefined ? { notify_new_device: patch.notifyNewDevice } : {}),
          ...(patch.language !== undefined ? { interface_language: patch.language } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirst()
      return r && toAccount(r)
    },
  }
}

export type AccountStore = ReturnType<typeof createAccountStore>
